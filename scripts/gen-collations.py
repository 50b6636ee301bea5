#!/usr/bin/env python3
"""Generates src/binlog/charset.tables.inc: collation id -> charset tables for MySQL and MariaDB,
and byte -> code point tables for the single-byte charsets.

Two steps, so that the build never needs a server:

  gen-collations.py dump --socket /path/to/mariadbd.sock
      asks a running MariaDB (10.11 was used) for information_schema.COLLATION_CHARACTER_SET_
      APPLICABILITY (which, from 10.10 on, also lists the UCA-14 collations with ids >= 2048) and
      for what each byte of each single-byte charset converts to, and writes
      scripts/gen-collations.mariadb.tsv and scripts/gen-collations.single-byte.tsv.

  gen-collations.py generate
      reads those two files and scripts/gen-collations.mysql.tsv (hand-maintained: MySQL 8.0's
      SHOW COLLATION) and writes src/binlog/charset.tables.inc.

Throwaway server for `dump` (as root add --user=root to mariadbd):
  d=$(mktemp -d); mariadb-install-db --no-defaults --datadir=$d \
      --auth-root-authentication-method=normal --skip-test-db
  mariadbd --no-defaults --datadir=$d --socket=$d/s --skip-networking &
  scripts/gen-collations.py dump --socket $d/s
  mariadb-admin -S $d/s -uroot shutdown
"""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
MYSQL_TSV = SCRIPTS / "gen-collations.mysql.tsv"
MARIADB_TSV = SCRIPTS / "gen-collations.mariadb.tsv"
SINGLE_BYTE_TSV = SCRIPTS / "gen-collations.single-byte.tsv"
OUT = ROOT / "src" / "binlog" / "charset.tables.inc"

# Every charset either server knows, in the order of the generated kCharsets array.
# name -> (kind, iconv name, max bytes per char). kind is a CharsetKind enumerator.
# iconv names are glibc's; they were chosen by converting every byte (single-byte sets) or every
# two-byte sequence (CJK sets) through both the server and glibc and keeping the closest match.
# Single-byte sets other than ascii are converted by the generated table, not by iconv.
CHARSETS = {
    "utf8mb4": ("utf8mb4", "UTF-8", 4),
    "utf8mb3": ("utf8mb3", "UTF-8", 3),
    "latin1": ("latin1", "CP1252", 1),
    "ascii": ("ascii", "ASCII", 1),
    "binary": ("binary", "", 1),
    "armscii8": ("other", "ARMSCII-8", 1),
    "big5": ("other", "BIG5", 2),
    "cp1250": ("other", "CP1250", 1),
    "cp1251": ("other", "CP1251", 1),
    "cp1256": ("other", "CP1256", 1),
    "cp1257": ("other", "CP1257", 1),
    "cp850": ("other", "CP850", 1),
    "cp852": ("other", "CP852", 1),
    "cp866": ("other", "CP866", 1),
    "cp932": ("other", "CP932", 2),
    "dec8": ("other", "DEC-MCS", 1),
    "eucjpms": ("other", "EUC-JP-MS", 3),
    "euckr": ("other", "CP949", 2),
    "gb18030": ("other", "GB18030", 4),
    "gb2312": ("other", "GB2312", 2),
    "gbk": ("other", "GBK", 2),
    "geostd8": ("other", "GEORGIAN-PS", 1),
    "greek": ("other", "ISO-8859-7", 1),
    "hebrew": ("other", "ISO-8859-8", 1),
    "hp8": ("other", "HP-ROMAN8", 1),
    "keybcs2": ("other", "", 1),
    "koi8r": ("other", "KOI8-R", 1),
    "koi8u": ("other", "KOI8-U", 1),
    "latin2": ("other", "ISO-8859-2", 1),
    "latin5": ("other", "ISO-8859-9", 1),
    "latin7": ("other", "ISO-8859-13", 1),
    "macce": ("other", "MAC-CENTRALEUROPE", 1),
    "macroman": ("other", "MACINTOSH", 1),
    "sjis": ("other", "CP932", 2),
    "swe7": ("other", "", 1),
    "tis620": ("other", "TIS-620", 1),
    "ucs2": ("other", "UCS-2BE", 2),
    "ujis": ("other", "EUC-JP-MS", 3),
    "utf16": ("other", "UTF-16BE", 4),
    "utf16le": ("other", "UTF-16LE", 4),
    "utf32": ("other", "UTF-32BE", 4),
}

# Converted byte by byte through the server's own table (MySQL and MariaDB share these, from
# sql/share/charsets/*.xml; latin1 is strings/ctype-latin1 in both).
SINGLE_BYTE = [
    "latin1", "armscii8", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866",
    "dec8", "geostd8", "greek", "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "latin2", "latin5",
    "latin7", "macce", "macroman", "swe7", "tis620",
]


def mariadb(socket, sql):
    out = subprocess.run(["mariadb", "-S", socket, "-uroot", "-N", "-B", "mysql", "-e", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def dump(socket):
    version = mariadb(socket, "SELECT VERSION()")[0][0]
    rows = mariadb(socket, "SELECT ID, CHARACTER_SET_NAME, FULL_COLLATION_NAME FROM "
                           "information_schema.COLLATION_CHARACTER_SET_APPLICABILITY ORDER BY ID")
    with open(MARIADB_TSV, "w") as f:
        f.write(f"# MariaDB {version}: ID, CHARACTER_SET_NAME, FULL_COLLATION_NAME from\n"
                "# information_schema.COLLATION_CHARACTER_SET_APPLICABILITY "
                "(written by scripts/gen-collations.py dump)\n")
        for cid, cs, name in rows:
            f.write(f"{cid}\t{cs}\t{name}\n")
    with open(SINGLE_BYTE_TSV, "w") as f:
        f.write(f"# MariaDB {version}: charset, byte, code point of "
                "CONVERT(CHAR(byte USING charset) USING utf8mb4); '-' = unmapped\n"
                "# (the server answers '?' for a byte it cannot map; written by "
                "scripts/gen-collations.py dump)\n")
        for cs in SINGLE_BYTE:
            for n, hexval in mariadb(socket, f"SELECT seq, HEX(CONVERT(CHAR(seq USING {cs}) "
                                             f"USING utf8mb4)) FROM seq_0_to_255"):
                n = int(n)
                if hexval == "NULL" or (hexval == "3F" and n != 0x3F):
                    cp = "-"
                else:
                    chars = bytes.fromhex(hexval).decode("utf-8")
                    if len(chars) != 1:
                        sys.exit(f"{cs} byte {n:#x} converts to {len(chars)} characters")
                    cp = f"{ord(chars):04X}"
                f.write(f"{cs}\t{n:02X}\t{cp}\n")
    print(f"wrote {MARIADB_TSV} ({len(rows)} collations) and {SINGLE_BYTE_TSV}")


def read_tsv(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and line[0] != "#"]


def generate():
    names = list(CHARSETS)

    def camel(name):
        return name[0].upper() + name[1:]

    index = {n: i for i, n in enumerate(names)}
    tables = {}
    for cs, byte, cp in read_tsv(SINGLE_BYTE_TSV):
        tables.setdefault(cs, [None] * 256)[int(byte, 16)] = 0xFFFD if cp == "-" else int(cp, 16)
    for cs in SINGLE_BYTE:
        if cs not in tables or None in tables[cs]:
            sys.exit(f"{SINGLE_BYTE_TSV} lacks bytes of {cs}")

    def collations(path):
        rows = []
        for cid, cs, name in read_tsv(path):
            if cs not in index:
                sys.exit(f"{path}: collation {cid} {name}: unknown charset {cs}")
            rows.append((int(cid), cs, name))
        rows.sort()
        ids = [r[0] for r in rows]
        if len(ids) != len(set(ids)):
            sys.exit(f"{path}: duplicate collation ids")
        return rows

    mysql = collations(MYSQL_TSV)
    maria = collations(MARIADB_TSV)

    out = []
    w = out.append
    w("// Generated by scripts/gen-collations.py from scripts/gen-collations.*.tsv. Do not edit.")
    w("// Included by charset.cpp only.")
    w("")
    w("// clang-format off")
    w("namespace {")
    w("")
    for cs in SINGLE_BYTE:
        w(f"constexpr char16_t k{camel(cs)}Table[256] = {{")
        t = tables[cs]
        for row in range(0, 256, 8):
            w("    " + ", ".join(f"0x{v:04X}" for v in t[row:row + 8]) + ",")
        w("};")
    w("")
    w(f"constexpr std::array<Charset, {len(names)}> kCharsets = {{{{")
    for n in names:
        kind, iconv_name, maxlen = CHARSETS[n]
        table = f"k{camel(n)}Table" if n in SINGLE_BYTE else "nullptr"
        w(f'    {{"{n}", CharsetKind::{kind}, "{iconv_name}", {maxlen}, {table}}},')
    w("}};")
    w("")
    for n in names:
        w(f"constexpr std::uint8_t kCs{camel(n)} = {index[n]};")
    w("")
    for label, rows in (("kMysqlCollations", mysql), ("kMariadbCollations", maria)):
        w(f"// {len(rows)} collations, sorted by id.")
        w(f"constexpr std::array<CollationEntry, {len(rows)}> {label} = {{{{")
        for cid, cs, name in rows:
            w(f'    {{{cid}, kCs{camel(cs)}, "{name}"}},')
        w("}};")
        w("")
    w("}  // namespace")
    w("// clang-format on")
    OUT.write_text("\n".join(out) + "\n")
    print(f"wrote {OUT}: {len(mysql)} MySQL and {len(maria)} MariaDB collations, "
          f"{len(SINGLE_BYTE)} single-byte tables")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--socket", required=True)
    sub.add_parser("generate")
    args = p.parse_args()
    if args.cmd == "dump":
        dump(args.socket)
    else:
        generate()


if __name__ == "__main__":
    main()
