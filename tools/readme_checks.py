"""Replaces everything after the <!-- CHECKS-TABLE --> marker in README.md with the generated table."""
import sys

readme_path, table_path = sys.argv[1], sys.argv[2]
readme = open(readme_path, encoding="utf-8").read()
marker = "<!-- CHECKS-TABLE -->"
head = readme.split(marker)[0]
table = open(table_path, encoding="utf-8").read()
open(readme_path, "w", encoding="utf-8").write(head + marker + "\n\n" + table)
