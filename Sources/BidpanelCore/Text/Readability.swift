/// A rough reading-age check for the wording young assessors see.
///
/// Advice only (validation warns, never fails): Flesch–Kincaid grade with a
/// simple syllable count, plus the longest sentence. Binary floating point is
/// fine here because nothing is scored with it.
public struct Readability: Sendable, Equatable {
    public var words: Int
    public var sentences: Int
    public var syllables: Int
    public var longestSentence: Int

    public static let maximumGrade = 7.0
    public static let maximumSentenceWords = 15

    public init(_ text: String) {
        var words = 0, syllables = 0, sentences = 0, longest = 0, inSentence = 0
        var word = ""
        func endWord() {
            guard !word.isEmpty else { return }
            words += 1
            inSentence += 1
            syllables += Readability.syllableCount(word)
            word = ""
        }
        func endSentence() {
            endWord()
            if inSentence > 0 { sentences += 1; longest = max(longest, inSentence); inSentence = 0 }
        }
        for ch in text {
            if ch.isLetter || ch.isNumber || ch == "'" || ch == "’" {
                word.append(ch)
            } else if ch == "." || ch == "!" || ch == "?" || ch == ";" || ch == ":" {
                endSentence()
            } else {
                endWord()
            }
        }
        endSentence()
        self.words = words
        self.sentences = max(sentences, 1)
        self.syllables = syllables
        self.longestSentence = longest
    }

    /// US school grade; 7 is roughly age 12-13.
    public var grade: Double {
        guard words > 0 else { return 0 }
        return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
    }

    /// Why the text may be hard for a 12-year-old, or nil if it reads easily.
    public var problem: String? {
        if longestSentence > Readability.maximumSentenceWords {
            return "has a sentence of \(longestSentence) words (keep sentences to \(Readability.maximumSentenceWords) or fewer)"
        }
        if words >= 10, grade > Readability.maximumGrade {
            let shown = (grade * 10).rounded() / 10
            return "reads at school grade \(shown), above age 12 (aim for grade \(Int(Readability.maximumGrade)) or lower: shorter words and sentences)"
        }
        return nil
    }

    static func syllableCount(_ word: String) -> Int {
        let letters = word.lowercased().filter(\.isLetter)
        guard !letters.isEmpty else { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var count = 0
        var previousVowel = false
        for ch in letters {
            let vowel = vowels.contains(ch)
            if vowel && !previousVowel { count += 1 }
            previousVowel = vowel
        }
        if letters.hasSuffix("e") && !letters.hasSuffix("le") && count > 1 { count -= 1 }
        return max(count, 1)
    }
}
