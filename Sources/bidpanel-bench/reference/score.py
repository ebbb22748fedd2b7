"""A plain Python scoring of a panel of scored criteria, with exact
fractions, as `bidpanel score PANEL --scores CSV --format json` does it
(docs/scoring.md): the yardstick `bidpanel-bench scale` compares bidpanel
with, and a second, independent reading of the rules for its totals.

It covers what the ScalePanel benchmark panels use: scored criteria on
numeric scales, mean or median moderation (members' values only: no
moderated CSV), conflicts of interest, criterion thresholds, a budget, a
quality threshold, relative or linear price marks among the bids left, and
ranks with the quality-then-price tie-break. Anything else is refused.

    python3 score.py PANEL.toml SCORES.csv [CONFLICTS.csv]

Prints JSON: {"bids": [{"id", "rank", "excluded", "quality", "price_marks",
"total"}, ...]}, ranked bids first, figures rounded half away from zero to
the panel's decimals.
"""
import csv
import json
import sys
import tomllib
from fractions import Fraction


def exact(number):
    """A TOML number as the fraction it was written as (2.05 is 41/20)."""
    return Fraction(str(number)) if isinstance(number, float) else Fraction(number)


def rounded(value, places):
    """Half away from zero, as bidpanel publishes figures."""
    scaled = abs(value) * 10 ** places
    whole = int(scaled + Fraction(1, 2))
    return (-whole if value < 0 else whole), places


def as_json_number(value, places):
    whole, places = rounded(value, places)
    sign = "-" if whole < 0 else ""
    digits = str(abs(whole)).rjust(places + 1, "0")
    text = digits[:-places] + "." + digits[-places:] if places else digits
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return sign + text


def main(panel_path, scores_path, conflicts_path=None):
    with open(panel_path, "rb") as file:
        panel = tomllib.load(file)
    rules = panel["scoring"]
    quality = exact(rules.get("quality", 100))
    price_share = 100 - quality
    moderation = rules.get("moderation", "consensus")
    if moderation not in ("mean", "median"):
        sys.exit("score.py takes mean or median moderation only")
    formula = rules.get("price_formula", "relative")
    budget = exact(rules["budget"]) if "budget" in rules else None
    quality_threshold = exact(rules.get("quality_threshold", 0))
    places = rules.get("decimals", 2)
    tie_break = rules.get("tie_break", ["quality", "price"])

    scales = {}
    for scale in panel["scale"]:
        values = [exact(point["value"]) for point in scale["points"]]
        scales[scale["id"]] = (min(values), max(values))
    criteria = panel["criterion"]
    for criterion in criteria:
        if criterion.get("kind", "scored") != "scored":
            sys.exit("score.py takes scored criteria only")
    roles = {member["id"]: member["role"] for member in panel["member"]}
    bids = panel["bid"]
    bid_ids = {bid["id"] for bid in bids}
    criterion_ids = {criterion["id"] for criterion in criteria}

    conflicted = set()
    if conflicts_path:
        with open(conflicts_path, newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file):
                if row["bid"] != "none":
                    conflicted.add((row["bid"], row["member"]))

    # (bid, criterion) -> {member: value}; a later row for the same member replaces the earlier.
    values = {}
    with open(scores_path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        column = {name: index for index, name in enumerate(header)}
        b, c, m, v = column["bid"], column["criterion"], column["member"], column["value"]
        for row in reader:
            if row[b] not in bid_ids or row[c] not in criterion_ids or row[m] not in roles:
                sys.exit(f"unknown bid, criterion or member in {row}")
            values.setdefault((row[b], row[c]), {})[row[m]] = Fraction(row[v])

    results = []
    for bid in bids:
        marks = Fraction(0)
        excluded = False
        for criterion in criteria:
            lowest, highest = scales[criterion["scale"]]
            scored_by = set(criterion.get("scored_by", ["chair", "officer"]))
            given = [value for member, value in values.get((bid["id"], criterion["id"]), {}).items()
                     if roles[member] in scored_by and (bid["id"], member) not in conflicted]
            if not given:
                final = None
            elif moderation == "mean":
                final = sum(given, Fraction(0)) / len(given)
            else:
                ordered = sorted(given)
                middle = len(ordered) // 2
                final = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
            if "threshold" in criterion and (final if final is not None else lowest) < exact(criterion["threshold"]):
                excluded = True
            if final is not None and highest != lowest:
                marks += exact(criterion["weight"]) * (final - lowest) / (highest - lowest)
        price = exact(bid["price"]) if "price" in bid else None
        if budget is not None and price is not None and price > budget:
            excluded = True
        if quality_threshold > 0 and marks < quality * quality_threshold / 100:
            excluded = True
        results.append({"bid": bid, "price": price, "quality": marks, "price_marks": Fraction(0), "excluded": excluded})

    left = [result for result in results if not result["excluded"]]
    prices = [result["price"] for result in left if result["price"] is not None]
    if prices and formula != "none":
        lowest_price, highest_price = min(prices), max(prices)
        for result in left:
            price = result["price"]
            if price is None:
                continue
            if formula == "relative":
                result["price_marks"] = price_share if price == 0 else price_share * lowest_price / price
            elif highest_price == lowest_price:
                result["price_marks"] = price_share
            else:
                result["price_marks"] = price_share * (highest_price - price) / (highest_price - lowest_price)
    for result in results:
        result["total"] = result["quality"] + result["price_marks"]

    def key(result):
        parts = [-result["total"]]
        for rule in tie_break:
            parts.append(-result["quality"] if rule == "quality" else (result["price"] if result["price"] is not None else 0))
        return parts

    ranked = sorted(left, key=key)  # stable: panel order among full ties
    previous = None
    for position, result in enumerate(ranked):
        result["rank"] = previous["rank"] if previous is not None and key(previous) == key(result) else position + 1
        previous = result
    order = ranked + [result for result in results if result["excluded"]]
    print(json.dumps({"bids": [{
        "id": result["bid"]["id"],
        "rank": result.get("rank"),
        "excluded": result["excluded"],
        "quality": as_json_number(result["quality"], places),
        "price_marks": as_json_number(result["price_marks"], places),
        "total": as_json_number(result["total"], places),
    } for result in order]}, indent=1))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python3 score.py PANEL.toml SCORES.csv [CONFLICTS.csv]")
    main(*sys.argv[1:])
