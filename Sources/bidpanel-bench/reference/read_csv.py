"""Reads a CSV file with Python's csv.reader and does nothing else: the cost
of merely reading the input, the yardstick `bidpanel-bench scale` compares
bidpanel's commands with (issue 12).

    python3 read_csv.py FILE
"""
import csv
import sys

rows = 0
with open(sys.argv[1], newline="", encoding="utf-8") as file:
    for _ in csv.reader(file):
        rows += 1
print(rows - 1, "rows")
