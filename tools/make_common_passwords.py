"""Write src/luoshi/data/common_passwords.txt: passwords people choose first.

Built from patterns, not downloaded: the words and number runs that head every published
breach analysis (English and pinyin), keyboard walks, dates, and the decorations people add
to pass composition rules (a capital, a digit run, a year, "!", "@123"). Stored lower-case;
the check lower-cases and undoes common letter-for-symbol swaps before looking a password up.
Run ``python tools/make_common_passwords.py``; the output is deterministic.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).parent.parent / "src" / "luoshi" / "data" / "common_passwords.txt"

WORDS = """
password passw0rd passwd pass admin administrator root user guest test tester demo login
welcome letmein iloveyou love lovely loveme monkey dragon master shadow sunshine princess
football baseball basketball soccer hockey superman batman spiderman starwars pokemon
qwerty qwertyuiop azerty abc abcd abcdef abcdefg abcdefgh abc123 trustno1 whatever freedom
hello hellokitty charlie michael jordan jennifer thomas robert daniel jessica ashley
hunter ranger buster tigger killer pepper ginger cookie cheese butter flower summer winter
spring autumn secret access changeme default system server office manager support service
computer internet google apple orange banana chocolate mustang harley corvette ferrari
matrix phoenix falcon eagle tiger lion panda dolphin rabbit turtle money dollar bitcoin
family friend friends forever angel baby babygirl sweety honey sweetheart darling
china beijing shanghai chengdu sichuan guangzhou shenzhen wuhan tianjin chongqing
woaini woaiwojia woainima wojia zhangwei wangwei wangfang lina liwei zhangmin liuyang
wangjing zhangjing lijing wangli zhangli liqiang wanglei zhangyong zhongguo aini qq
baobao beibei nihao xiaoming xiaohong laopo laogong gege jiejie meimei didi mama baba
zhang wang li liu chen yang zhao huang zhou wu xu sun ma zhu hu guo he lin luo gao
luoshi duchashi zhengfu danwei bangongshi dangwei renda zhengxie
government company school student teacher doctor nurse police army navy
samsung huawei xiaomi lenovo oracle cisco microsoft windows linux ubuntu
temp temp123 mypass mypassword newpass newpassword oldpassword secure security
""".split()

KEYBOARD = """
qwerty qwert qwertz asdf asdfgh asdfghjkl zxcv zxcvbn zxcvbnm qazwsx qazwsxedc 1qaz2wsx
1qaz2wsx3edc zaq12wsx zaq1zaq1 1q2w3e 1q2w3e4r 1q2w3e4r5t q1w2e3r4 qweasd qweasdzxc
asdasd qweqwe zxczxc 123qwe qwe123 asd123 zxc123 1qazxsw2 !qaz2wsx poiuytreza
""".split()

NUMBER_RUNS = """
123 1234 12345 123456 1234567 12345678 123456789 1234567890 0123456789 987654321
654321 54321 111111 11111111 000000 00000000 666666 888888 88888888 999999 112233
121212 123123 123321 147258 147258369 159357 159753 246810 314159 520520 5201314 1314520
7758521 456789 789456 147852 963852 321321 101010 202020 696969 777777 123654 741852963
""".split()

SUFFIXES = [
    "",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "123456",
    "01",
    "007",
    "11",
    "22",
    "88",
    "99",
    "666",
    "888",
    "520",
    "1314",
    "!",
    "!!",
    "1!",
    "123!",
    "@123",
    "#123",
    "@1",
    "@2023",
    "_123",
    ".123",
    "*",
]
YEARS = [str(y) for y in range(1980, 2031)]
DECORATIONS = ["", "@", "#", "."]
# The words people pair with a year most often (the head of WORDS).
YEAR_WORDS = 120


def candidates() -> set[str]:
    found: set[str] = set()
    for n, word in enumerate(WORDS + KEYBOARD):
        for suffix in SUFFIXES:
            found.add(word + suffix)
        if n < YEAR_WORDS:
            for year in YEARS:
                found.add(word + year)
        for deco in DECORATIONS:
            for run in ("123", "123456"):
                found.add(word + deco + run)
        found.add("123" + word)
    for run in NUMBER_RUNS:
        found.add(run)
        for word in ("a", "aa", "abc", "qq", "qwe", "asd"):
            found.add(word + run)
            found.add(run + word)
    for digit in "0123456789":
        for n in range(6, 13):
            found.add(digit * n)
    # Birthdays written as people write them: yyyymmdd and yymmdd.
    for year in range(1960, 2011):
        for month in (1, 6, 10, 12):
            for day in (1, 8, 15):
                found.add(f"{year}{month:02d}{day:02d}")
    return {p for p in found if len(p) >= 6}


def main() -> None:
    words = sorted(candidates())
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} passwords written to {OUT}")


if __name__ == "__main__":
    main()
