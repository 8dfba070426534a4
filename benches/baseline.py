#!/usr/bin/env python3
"""What a user scripts instead of gyeongju-budget: tomllib + decimal.

Reads a year file, computes the exact depth-2 category subtotals and the
total, and prints them with the items `--depth 2` shows (those filed
directly under a depth-1 category, as a budget book of mixed depth has
them; an item is one level below its category): name, amount, share of
the total and an average per count. That is the work of `gyeongju-budget summarize FILE --depth 2`. Floats are parsed as Decimal, and string amounts in the
generated files ("123 원", "1,234천원") are converted exactly.

Usage: python3 benches/baseline.py FILE.toml
"""
import sys
import tomllib
from decimal import Decimal

UNITS = {"원": 0, "won": 0, "천원": 3, "만원": 4, "백만원": 6, "억원": 8,
         "십억원": 9, "조원": 12, "billion won": 9, "million won": 6}


def amount(value, unit_exponent):
    if isinstance(value, str):
        text = value.replace(",", "").strip()
        for name, exponent in sorted(UNITS.items(), key=lambda kv: -len(kv[0])):
            if text.endswith(name):
                return Decimal(text[: -len(name)].strip()).scaleb(exponent)
        return Decimal(text).scaleb(unit_exponent)
    return Decimal(value).scaleb(unit_exponent)


def count(written):
    """A count as written: 614, "614" or "1,200+" (at least 1,200)."""
    return Decimal(str(written).replace(",", "").rstrip("+"))


def main():
    with open(sys.argv[1], "rb") as handle:
        document = tomllib.load(handle, parse_float=Decimal)
    unit_exponent = UNITS[document.get("unit", "won")]
    subtotals = {}
    shown = []
    total = Decimal(0)
    for item in document.get("item", []):
        if item.get("status", "actual") not in ("actual", "planned"):
            continue
        value = amount(item["amount"], unit_exponent)
        total += value
        segments = item["category"].split("/")
        for depth in (1, 2):
            if len(segments) >= depth:
                key = "/".join(segments[:depth])
                subtotals[key] = subtotals.get(key, Decimal(0)) + value
        if len(segments) == 1:
            shown.append((item, value))
    for key in sorted(subtotals):
        print(f"{key}\t{subtotals[key]}")
    for item, value in shown:
        share = value / total * 100 if total else Decimal(0)
        averages = [
            f"{value / count(written)} per {name}"
            for name, written in item.get("counts", {}).items()
        ]
        print(f"{item['category']}\t{item['name']}\t{value}\t{share:.2f}%\t{'; '.join(averages)}")
    print(f"total\t{total}")


if __name__ == "__main__":
    main()
