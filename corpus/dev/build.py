"""Build and verify the annotated development set for the directive extractor.

Every document is written below in a small inline markup; running this script strips the
markup, writes ``NAME.txt`` and computes the offsets of ``NAME.gold.json`` and
``NAME.attrs.json`` from it (nothing is counted by hand), then re-reads the written files and
verifies them against /work/shared/corpus/ANNOTATION.md.

    python corpus/dev/build.py            # build + verify
    python corpus/dev/build.py --check    # verify the files on disk only

Markup (the brackets never occur in the texts themselves):

    ⟦H:heading⟧   required work-line heading; scope ends at the next heading, ``⟦/⟧`` or the
                  end of the paragraph (a newline)
    ⟦S:heading⟧   required standalone headline line; scope ends at the next heading or ``⟦/⟧``
    ⟦h:…⟧ ⟦s:…⟧   the same, optional work line (``"optional": true``)
    ⟦/⟧           close the current work line (following directives get ``work_line: null``)
    ⟦D:…⟧         directive (under the current work line, if any); ``⟦d:…⟧`` optional directive

Inside a directive, attributes:

    «a:actor»  «p:programme»  «t:text|value|unit»  «l:text|kind»  «l:text|kind|due-or-null»

A deadline's ``due`` is resolved from its text and the document date by ``resolve_due`` unless
given explicitly; with no document date it is null.
"""
from __future__ import annotations

import calendar
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

KINDS = {"date", "month", "quarter", "half", "year", "asap", "other"}

# --------------------------------------------------------------------------- markup parsing

_BLOCK = re.compile(r"⟦(?:(/)|([HShsDd]):(.*?))⟧", re.S)
_ATTR = re.compile(r"«([aptl]):(.*?)»", re.S)


def _num(s: str):
    v = float(s)
    return int(v) if v.is_integer() else v


def parse(doc: dict) -> tuple[str, dict, dict]:
    src = doc["body"]
    out: list[str] = []
    pos = 0  # length of output so far
    work_lines: list[dict] = []
    directives: list[dict] = []
    attrs: list[dict] = []
    current = None  # index of current work line
    scope_para = False  # current work line ends at the next newline

    def emit_plain(s: str):
        nonlocal pos, current, scope_para
        if "⟦" in s or "⟧" in s or "«" in s or "»" in s:
            raise ValueError(f"{doc['name']}: stray markup in {s[:60]!r}")
        if "\n" in s and scope_para:
            current, scope_para = None, False
        out.append(s)
        pos += len(s)

    i = 0
    for m in _BLOCK.finditer(src):
        emit_plain(src[i:m.start()])
        i = m.end()
        if m.group(1):
            current, scope_para = None, False
            continue
        tag, content = m.group(2), m.group(3)
        if tag in "HShs":
            if "«" in content:
                raise ValueError(f"{doc['name']}: attribute inside heading {content!r}")
            wl = {"heading": content, "start": pos, "end": pos + len(content)}
            if tag in "hs":
                wl["optional"] = True
            work_lines.append(wl)
            current, scope_para = len(work_lines) - 1, tag in "Hh"
            out.append(content)
            pos += len(content)
            continue
        # directive
        start = pos
        dattrs = {"actors": [], "deadlines": [], "targets": [], "programmes": []}
        j = 0
        pieces: list[str] = []
        for a in _ATTR.finditer(content):
            pieces.append(content[j:a.start()])
            j = a.end()
            kind, body = a.group(1), a.group(2)
            fields = body.split("|")
            text = fields[0]
            a_start = start + sum(len(p) for p in pieces)
            item = {"start": a_start, "end": a_start + len(text), "text": text}
            if kind == "a":
                assert len(fields) == 1, body
                dattrs["actors"].append(item)
            elif kind == "p":
                assert len(fields) == 1, body
                dattrs["programmes"].append(item)
            elif kind == "t":
                assert len(fields) == 3, body
                item["value"] = _num(fields[1])
                item["unit"] = fields[2]
                dattrs["targets"].append(item)
            else:
                assert len(fields) in (2, 3), body
                dkind = fields[1]
                assert dkind in KINDS, body
                if len(fields) == 3:
                    due = None if fields[2] == "null" else fields[2]
                    if doc["date"] is None:
                        assert due is None, body
                else:
                    due = resolve_due(text, dkind, doc["date"])
                item["due"] = due
                item["kind"] = dkind
                dattrs["deadlines"].append(item)
            pieces.append(text)
        pieces.append(content[j:])
        dtext = "".join(pieces)
        if "\n" in dtext:
            raise ValueError(f"{doc['name']}: newline inside directive {dtext[:60]!r}")
        directives.append({
            "work_line": current,
            "start": start,
            "end": start + len(dtext),
            "optional": tag == "d",
            "text": dtext,
        })
        attrs.append({"index": len(directives) - 1, **dattrs})
        out.append(dtext)
        pos += len(dtext)
    emit_plain(src[i:])
    text = "".join(out)
    assert len(text) == pos
    name = doc["name"] + ".txt"
    gold = {"document": name, "language": doc["lang"], "date": doc["date"],
            "work_lines": work_lines, "directives": directives}
    attr = {"document": name, "date": doc["date"], "directives": attrs}
    return text, gold, attr


# --------------------------------------------------------------------------- deadlines

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}


def resolve_due(text: str, kind: str, date: str | None) -> str | None:
    """End of the period named by a deadline, resolved against the document date."""
    if date is None or kind in ("asap", "other"):
        return None
    year = int(date[:4])
    low = text.lower()
    m = re.search(r"(20\d\d)", text)
    if m:
        year = int(m.group(1))
    elif "next year" in low or "明年" in text:
        year += 1
    if kind == "year":
        return f"{year}-12-31"
    if kind == "half":
        if "second half" in low or "下半年" in text:
            return f"{year}-12-31"
        if "first half" in low or "上半年" in text or "双过半" in text:
            return f"{year}-06-30"
    if kind == "quarter":
        for keys, md in ((("first quarter", "一季度"), "03-31"),
                         (("second quarter", "二季度"), "06-30"),
                         (("third quarter", "三季度"), "09-30"),
                         (("fourth quarter", "四季度"), "12-31")):
            if any(k in low or k in text for k in keys):
                return f"{year}-{md}"
    if kind == "month":
        month = None
        for name, num in _MONTHS.items():
            if name in low:
                month = num
        m = re.search(r"(\d{1,2})月", text)
        if m:
            month = int(m.group(1))
        if month:
            return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    if kind == "date":
        m = re.search(r"(\d{1,2})月(\d{1,2})日", text)
        if m:
            return f"{year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
        for name, num in _MONTHS.items():
            m = re.search(rf"{name}\s+(\d{{1,2}})|(\d{{1,2}})\s+{name}", low)
            if m:
                day = int(m.group(1) or m.group(2))
                return f"{year}-{num:02d}-{day:02d}"
    raise ValueError(f"cannot resolve deadline {text!r} ({kind}) for {date}")


# --------------------------------------------------------------------------- verification

LEADIN = re.compile(
    r"^(?:(?:The|This) (?:meeting|conference|session)|It|He|She)\s+"
    r"(?:also\s+)?(?:pointed out|stressed|emphasi[sz]ed|required|noted|held|called|urged|demanded|made|studied)"
    r"|^(?:会议|会上|他|她)(?:还)?(?:强调|要求|指出|认为|提出)"
    r"|^[\u4e00-\u9fa5]{2,3}(?:强调|指出|要求)[，,]")


def _trimmed(s: str) -> bool:
    return s == s.strip()


SHARED = Path("/work/shared/corpus")
NW, NZ = 10, 20  # words / characters: longer than stock terminology


def copy_check() -> list[str]:
    """No passage may be copied from the seed readout or the shared dev documents:
    flag any 10-word (English) or 20-character (Chinese) run shared with them."""
    if not SHARED.exists():
        return []
    ref_en, ref_zh = set(), set()
    for f in list(SHARED.glob("*.txt")) + list((SHARED / "dev").glob("*.txt")):
        t = f.read_text("utf-8")
        w = re.findall(r"[A-Za-z0-9']+", t.lower())
        ref_en.update(tuple(w[i:i + NW]) for i in range(len(w) - NW + 1))
        z = re.sub(r"\s", "", t)
        ref_zh.update(z[i:i + NZ] for i in range(len(z) - NZ + 1))
    out = []
    for f in sorted(HERE.glob("*/*.txt")):
        t = f.read_text("utf-8")
        if f.parent.name == "en":
            w = re.findall(r"[A-Za-z0-9']+", t.lower())
            hits = {" ".join(w[i:i + NW]) for i in range(len(w) - NW + 1) if tuple(w[i:i + NW]) in ref_en}
        else:
            z = re.sub(r"\s", "", t)
            hits = {z[i:i + NZ] for i in range(len(z) - NZ + 1) if z[i:i + NZ] in ref_zh}
        for h in sorted(hits):
            out.append(f"{f.parent.name}/{f.name}: shares a passage with the reference texts: {h!r}")
    return out


def verify(quiet: bool = False) -> int:
    errors: list[str] = []
    counts = {"en": 0, "zh": 0}
    rows = []
    for lang in ("en", "zh"):
        for txt in sorted((HERE / lang).glob("*.txt")):
            name = txt.name
            stem = name[:-4]
            text = txt.read_bytes().decode("utf-8")
            gold = json.loads((HERE / lang / f"{stem}.gold.json").read_text("utf-8"))
            attrs = json.loads((HERE / lang / f"{stem}.attrs.json").read_text("utf-8"))
            counts[lang] += 1

            def err(msg):
                errors.append(f"{lang}/{name}: {msg}")

            if list(gold) != ["document", "language", "date", "work_lines", "directives"]:
                err(f"gold keys {list(gold)}")
            if list(attrs) != ["document", "date", "directives"]:
                err(f"attrs keys {list(attrs)}")
            if gold["document"] != name or attrs["document"] != name:
                err("document name mismatch")
            if gold["language"] != lang:
                err("language mismatch")
            date = gold["date"]
            if attrs["date"] != date:
                err("attrs date differs from gold date")
            if date is not None and not re.fullmatch(r"20(2[2-6])-\d\d-\d\d", date):
                err(f"bad date {date}")
            size = len(text.encode("utf-8"))
            if not 1500 <= size <= 6200:
                err(f"size {size} bytes outside 1.5-6 KB")
            spans = []
            for k, wl in enumerate(gold["work_lines"]):
                if set(wl) - {"heading", "start", "end", "optional"}:
                    err(f"work line {k} keys {list(wl)}")
                if text[wl["start"]:wl["end"]] != wl["heading"]:
                    err(f"work line {k} span != heading")
                if not _trimmed(wl["heading"]) or not wl["heading"]:
                    err(f"work line {k} not trimmed")
                if "optional" in wl and wl["optional"] is not True:
                    err(f"work line {k} optional must be true when present")
                spans.append((wl["start"], wl["end"], f"wl{k}"))
            for k, d in enumerate(gold["directives"]):
                if list(d) != ["work_line", "start", "end", "optional", "text"]:
                    err(f"directive {k} keys {list(d)}")
                span = text[d["start"]:d["end"]]
                if span != d["text"]:
                    err(f"directive {k} span != text")
                if not _trimmed(span) or not span:
                    err(f"directive {k} not trimmed")
                if LEADIN.search(span):
                    err(f"directive {k} starts with a lead-in: {span[:40]!r}")
                if not isinstance(d["optional"], bool):
                    err(f"directive {k} optional not bool")
                wli = d["work_line"]
                if wli is not None:
                    if not isinstance(wli, int) or not 0 <= wli < len(gold["work_lines"]):
                        err(f"directive {k} bad work_line {wli}")
                    elif gold["work_lines"][wli]["end"] > d["start"]:
                        err(f"directive {k} precedes its heading")
                    if re.search(r"[;；]", span[:-1]):
                        err(f"directive {k} under a work line contains a semicolon")
                at_end = d["end"] == len(text.rstrip())
                if not at_end and span[-1] not in ".;。；!！?？”\"":
                    err(f"directive {k} does not end a sentence/clause: {span[-20:]!r}")
                if lang == "zh" and "。" in span[:-1]:
                    err(f"directive {k} spans two sentences")
                if lang == "en" and re.search(r"[a-z%)][.!?]\s+[A-Z]", span):
                    err(f"directive {k} may span two sentences")
                spans.append((d["start"], d["end"], f"d{k}"))
            spans.sort()
            for a, b in zip(spans, spans[1:]):
                if a[1] > b[0]:
                    err(f"overlap {a} {b}")
            # directive order
            starts = [d["start"] for d in gold["directives"]]
            if starts != sorted(starts):
                err("directives not in text order")
            # attributes
            if len(attrs["directives"]) != len(gold["directives"]):
                err("attrs/gold directive count mismatch")
            for k, (d, a) in enumerate(zip(gold["directives"], attrs["directives"])):
                if list(a) != ["index", "actors", "deadlines", "targets", "programmes"] or a["index"] != k:
                    err(f"attrs {k} keys/index")
                for typ in ("actors", "deadlines", "targets", "programmes"):
                    for it in a[typ]:
                        if text[it["start"]:it["end"]] != it["text"] or not _trimmed(it["text"]):
                            err(f"attrs {k} {typ} span != text: {it}")
                        if not d["start"] <= it["start"] < it["end"] <= d["end"]:
                            err(f"attrs {k} {typ} outside its directive: {it['text']}")
                for it in a["deadlines"]:
                    if it["kind"] not in KINDS:
                        err(f"attrs {k} bad kind {it}")
                    if it["due"] is not None:
                        if not re.fullmatch(r"20\d\d-\d\d-\d\d", it["due"]):
                            err(f"attrs {k} bad due {it}")
                        if date is None or it["kind"] in ("asap",):
                            err(f"attrs {k} due must be null {it}")
                    if it["kind"] in ("quarter", "half", "year", "month", "date") and date is not None:
                        if it["due"] != resolve_due(it["text"], it["kind"], date):
                            err(f"attrs {k} due does not resolve {it}")
                for it in a["targets"]:
                    if not isinstance(it["value"], (int, float)) or not it["unit"]:
                        err(f"attrs {k} bad target {it}")
            rows.append((stem, lang, len(text), size, len(gold["work_lines"]),
                         sum(1 for w in gold["work_lines"] if w.get("optional")),
                         len(gold["directives"]),
                         sum(1 for d in gold["directives"] if d["optional"])))
    for lang in ("en", "zh"):
        for js in sorted((HERE / lang).glob("*.json")):
            stem = js.name.rsplit(".", 2)[0]
            if not (HERE / lang / f"{stem}.txt").exists():
                errors.append(f"{lang}/{js.name}: no matching .txt")
    errors.extend(copy_check())
    if counts["en"] < 12 or counts["zh"] < 12:
        errors.append(f"too few documents: {counts}")
    if not quiet:
        print(f"{'document':44} lang chars bytes WL(opt) D(opt)")
        for r in rows:
            print(f"{r[0]:44} {r[1]:4} {r[2]:5} {r[3]:5} {r[4]:2}({r[5]}) {r[6]:3}({r[7]})")
    for e in errors:
        print("ERROR", e)
    print(f"verified {sum(counts.values())} documents ({counts}); {len(errors)} errors")
    return 1 if errors else 0


# --------------------------------------------------------------------------- build

def _write(doc: dict) -> None:
    text, gold, attrs = parse(doc)
    outdir = HERE / doc["lang"]
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / f"{doc['name']}.txt").write_bytes(text.encode("utf-8"))
    (outdir / f"{doc['name']}.gold.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (outdir / f"{doc['name']}.attrs.json").write_text(
        json.dumps(attrs, ensure_ascii=False, indent=1) + "\n", "utf-8")


def review(doc: dict) -> None:
    """Print sentences outside every span that contain directive-like words (for review)."""
    text, gold, _ = parse(doc)
    covered = [(d["start"], d["end"]) for d in gold["directives"]]
    covered += [(w["start"], w["end"]) for w in gold["work_lines"]]
    cue = re.compile(r"\b(must|should|need to|necessary|strive|ensure|will)\b|要|必须|确保|抓好|加快|推动|着力|坚持", re.I)
    for m in re.finditer(r"[^.。!?！？\n]+[.。!?！？]?", text):
        s, e = m.start(), m.end()
        if any(a <= s < b or a < e <= b for a, b in covered):
            continue
        if cue.search(m.group()):
            print(f"  [{doc['name']}] unannotated cue: {m.group().strip()[:110]}")


DOCS: list[dict] = []

# ==== ENGLISH ====

DOCS.append(dict(name="en01_yunling_standing_committee_q1", lang="en", date="2023-02-20", body="""\
Yunling Provincial Party Committee Standing Committee meeting deploys economic work for the first quarter

On the afternoon of February 20, 2023, the Standing Committee of the Yunling Provincial Party Committee held a meeting to analyse the economic situation since the beginning of the year and to study and deploy key work for the next stage. Provincial Party Secretary Zhou Minghao chaired the meeting and spoke.

The meeting pointed out that since the Spring Festival the province's economy has shown a good momentum of recovery, the number of tourists received by major scenic spots rose 38.6 percent year on year, and the power consumption of industrial enterprises above designated size has rebounded steadily. At the same time, the foundation of the recovery is not yet solid, and the contradiction of insufficient demand remains prominent.

The meeting pointed out that ⟦D:«a:Departments at all levels» must firmly establish the awareness that development is the first priority, seize the key window of the «l:first quarter|quarter», take the «p:Hundred Days of Hard Work» campaign as the carrier and strive to achieve a good start, so that the economy of the whole province recovers quickly and rises steadily.⟧

The meeting pointed out that⟦H:Do a good job in stabilising employment⟧⟦D:focusing on college graduates, migrant workers and people lifted out of poverty, implement the policies of returning unemployment insurance premiums and subsidising job expansion, and ensure that «t:more than 520,000 new urban jobs|520000|jobs» are created «l:this year|year».⟧⟦H:Do a good job in expanding effective investment⟧⟦D:speed up the commencement of provincial key projects and strive to complete «t:more than 22%|22|%» of the annual investment plan in the «l:first quarter|quarter»;⟧ ⟦D:make good use of local government special bonds and policy-based financial instruments, and form physical workload «l:as soon as possible|asap»;⟧ ⟦D:«a:the Provincial Development and Reform Commission» should take the lead in establishing a weekly scheduling mechanism for projects that have not started on schedule.⟧⟦H:Do a good job in promoting the recovery of consumption⟧⟦D:carry out in depth the «p:Yunling Consumption Promotion Year» activities, issue consumption vouchers in batches, support cities and prefectures in holding automobile and home appliance fairs, and revive catering, accommodation and cultural tourism consumption.⟧⟦H:Stabilise grain production⟧⟦D:do a good job in spring ploughing preparations, implement the minimum purchase price and producer subsidy policies, and ensure that the grain sowing area is stabilised at «t:more than 41 million mu|41000000|mu»;⟧ ⟦D:grasp the prevention and control of wheat stripe rust and other crop diseases and pests;⟧ ⟦D:stabilise the production capacity of live pigs and prevent large fluctuations in pork prices.⟧

The meeting stressed that⟦H:we must do a good job in preventing and resolving risks in key areas⟧⟦D:promote the delivery of overdue residential projects, and ensure that the «p:Guaranteed Delivery of Buildings» task for «l:this year|year» is completed;⟧ ⟦D:strictly curb new hidden debts of local governments and resolve existing debts in a steady and orderly manner;⟧ ⟦D:hold the bottom line of no systemic financial risks.⟧⟦H:Do a good job in safety in production⟧⟦D:carry out a province-wide inspection of gas pipelines, hazardous chemicals and self-built houses used for business, and rectify hidden dangers found on the spot or within a time limit.⟧

The meeting required that ⟦D:«a:leading cadres at all levels» should go deep into the grassroots, enterprises and project sites, help solve practical difficulties, and report the progress of key tasks to the Provincial Party Committee «l:before the end of March|month».⟧

The meeting also studied other matters.
"""))

DOCS.append(dict(name="en02_lanjiang_executive_ordinals", lang="en", date="2024-04-09", body="""\
Lanjiang Provincial Government executive meeting studies measures to stabilise industrial growth

On April 9, 2024, Governor Shen Yuting presided over the 41st executive meeting of the Lanjiang Provincial People's Government, which heard a report on the province's industrial economic performance in the first quarter and studied measures to stabilise industrial growth in the second quarter. Vice Governors Luo Jian and He Peilin attended the meeting.

The meeting noted that in the first quarter the value added of industrial enterprises above designated size in the province grew 6.3 percent year on year, 0.2 percentage points faster than the national average, and that the output of new energy vehicles, photovoltaic modules and lithium batteries maintained rapid growth. However, some traditional industries face weak orders and rising costs, and downward pressure on the industrial economy remains considerable.

The meeting made arrangements for the next stage of work.

⟦H:First, we must make every effort to stabilise industrial operations⟧, ⟦D:strengthening the monitoring and scheduling of the 800 key industrial enterprises in the province and helping them solve problems in orders, energy, logistics and financing in a timely manner.⟧ ⟦D:«a:All cities and prefectures» should ensure that industrial value added grows by «t:more than 6.5%|6.5|%» in the «l:first half of the year|half».⟧ ⟦D:For enterprises whose output has declined by more than 10 percent, «a:the Provincial Department of Industry and Information Technology» should send working groups to analyse the causes enterprise by enterprise and formulate targeted assistance measures «l:by the end of April|month».⟧

⟦H:Second, we must accelerate the transformation and upgrading of traditional industries⟧, ⟦D:implementing the «p:Three-Year Action Plan for the Technological Transformation of Traditional Industries (2024-2026)» and promoting the digital and green transformation of the steel, building materials, textile and food processing industries.⟧ ⟦D:«l:This year|year», «a:the province» should complete technological transformation investment of «t:62 billion yuan|62000000000|yuan» and build «t:120 smart factories|120|factories».⟧ ⟦D:«a:The Provincial Department of Finance» should allocate the special funds for technological transformation «l:before the end of June|month» and give priority to projects included in the «p:Smart Manufacturing Empowerment Action».⟧

⟦H:Third, we must cultivate and expand emerging industries⟧. ⟦D:Focus on new energy vehicles, new-type energy storage and low-altitude equipment, and accelerate the construction of a batch of major industrial projects with strong driving effects.⟧ ⟦D:Projects that have signed contracts should start construction «l:before the end of September|month».⟧ ⟦D:Strive to raise the output value of strategic emerging industries to «t:more than 28%|28|%» of that of industries above designated size.⟧ Last year the share was 25.9 percent.

⟦D:Fourth, we must strictly implement the responsibility system for safety in production in industrial enterprises.⟧

The meeting also discussed the draft Regulations of Lanjiang Province on Promoting the Development of the Private Economy and decided to submit them, after revision, to the Standing Committee of the Provincial People's Congress for deliberation.
"""))

DOCS.append(dict(name="en03_qinghe_executive_agenda", lang="en", date="2025-07-15", body="""\
Qinghe Municipal Government holds executive meeting

On July 15, 2025, Mayor Fang Jiale chaired an executive meeting of the Qinghe Municipal People's Government to study flood prevention, the renovation of old residential communities and the supply of electricity during the summer peak, and to deliberate on other matters.

The meeting studied ⟦H:the city's flood prevention and typhoon defence work⟧. It noted that the city has entered the main flood season, and that accumulated rainfall in the upper reaches of the Qing River since June has been 34 percent higher than in normal years. It stressed that ⟦D:«a:all districts and counties» must keep on duty around the clock, inspect reservoirs, dikes, underground spaces and construction sites one by one, and relocate people in dangerous areas in advance.⟧ ⟦D:«a:The Municipal Emergency Management Bureau» should pre-position rescue forces and materials in key towns «l:before the end of July|month».⟧ ⟦D:Any concealment of or delay in reporting dangerous situations must be held strictly accountable.⟧

On ⟦H:the renovation of old residential communities⟧, the meeting required that ⟦D:«a:the Municipal Housing and Urban-Rural Development Bureau» speed up work on the «t:312 old residential communities|312|communities» included in this year's plan and ensure that all of them start construction «l:before the end of September|month».⟧ ⟦D:Renovation should focus on pipe networks, elevators, parking and elderly care facilities, and residents' opinions must be fully solicited before design plans are finalised.⟧ ⟦D:Quality supervision should run through the whole process so that no shoddy work is handed over to residents.⟧ Since the programme started in 2021, the city has renovated 1,046 communities, benefiting more than 190,000 households.

In terms of ⟦H:electricity supply during the summer peak⟧, ⟦D:«a:the city» must give priority to guaranteeing electricity for residents, public services and key enterprises, and implement orderly power use plans in a refined manner.⟧ ⟦D:«a:The Municipal Development and Reform Commission» and «a:State Grid Qinghe Power Supply Company» should ensure that a maximum load of «t:6.8 million kilowatts|6800000|kilowatts» can be met.⟧ ⟦d:The key to getting through the summer peak smoothly lies in preparing early and responding promptly.⟧

The meeting approved ⟦H:the Implementation Measures for Supporting the Development of the Low-Altitude Economy in Qinghe (Trial)⟧. It required that ⟦D:the measures be issued «l:before the end of August|month» after further soliciting the opinions of enterprises, and that «a:relevant departments» formulate supporting rules on airspace applications, flight services and safety supervision.⟧

The meeting also heard a report on the implementation of the city's livelihood projects in the first half of the year, and noted that 9 of the 12 projects had met their half-year targets.
"""))

DOCS.append(dict(name="en04_jinhe_rural_conference_headlines", lang="en", date="2026-01-08", body="""\
Jinhe Provincial Rural Work Conference held

The Jinhe Provincial Rural Work Conference was held in Huaiyang on January 8, 2026. Provincial Party Secretary Liang Shouyi attended and delivered a speech, and Governor Tang Ke made specific arrangements. The conference was connected by video link down to the county level.

The conference reviewed the province's agricultural and rural work in 2025. Grain output reached a record 33.4 million tonnes, the per capita disposable income of rural residents grew 6.7 percent, and no large-scale return to poverty occurred. The conference fully affirmed the hard work of cadres and the masses across the province.

The conference made arrangements for agricultural and rural work in 2026, the first year of the 15th Five-Year Plan period.

⟦S:Keeping grain output stable⟧
⟦D:«a:The whole province» must take grain production as the top priority of agricultural work, keep the grain sowing area above «t:78 million mu|78000000|mu», and strive to raise grain output to «t:more than 33.5 million tonnes|33500000|tonnes».⟧ Last year the average maize yield per mu in the province rose by 11 kilograms. ⟦D:«a:All cities and counties» should complete the construction of «t:2.1 million mu|2100000|mu» of high-standard farmland «l:by the end of this year|year», and newly built farmland must be ready for spring planting.⟧ ⟦D:«a:Agricultural departments» should organise technical teams to guide the spring management of wheat «l:before the end of February|month».⟧

⟦S:Preventing a return to poverty on a large scale⟧
⟦D:Dynamic monitoring must cover all households at risk of falling back into poverty, and assistance measures should be in place «l:within 15 days of identification|other».⟧ ⟦D:«a:Counties that have been lifted out of poverty» should use «t:no less than 60%|60|%» of central and provincial rural revitalisation funds for industrial development.⟧ ⟦D:Labour cooperation with eastern provinces must be strengthened so that the number of people lifted out of poverty who are in work stays at around «t:1.05 million people|1050000|people».⟧

⟦S:Building beautiful and harmonious villages⟧
⟦D:Continue to improve the rural living environment by implementing the «p:Clean Homes, Green Villages» campaign, with priority on toilet renovation and domestic sewage treatment.⟧ ⟦D:«a:Provincial departments» should publish the list of «t:500 demonstration villages|500|villages» «l:before the end of March|month».⟧ ⟦D:Rural governance should be improved by extending the points-based system and the «p:Neighbourhood Mediation Room» model.⟧ Points-based systems already operate in more than 4,000 villages.

⟦/⟧The conference stressed that ⟦D:«a:Party committees and governments at all levels» must implement the responsibility system under which the top leaders of the Party and the government take overall charge of rural work, and the assessment of rural revitalisation results of cities and counties will be completed «l:before the end of February|month».⟧
"""))

DOCS.append(dict(name="en05_xiangyun_work_report_targets", lang="en", date="2022-01-21", body="""\
Report on the Work of the Government (excerpts)

Delivered at the Fifth Session of the Thirteenth Xiangyun Provincial People's Congress on January 21, 2022

Fellow Deputies,

Over the past year, the province's gross regional product reached 2.86 trillion yuan, an increase of 8.4 percent; general public budget revenue grew 10.2 percent; and 893,000 new urban jobs were created. These achievements did not come easily.

This year is of special significance. ⟦D:The main targets for economic and social development «l:this year|year» are: regional GDP growth of «t:7.5%-8%|7.5|%»; general public budget revenue growth of «t:6%|6|%»; «t:more than 850,000 new urban jobs|850000|jobs», with the surveyed urban unemployment rate kept within «t:5.5%|5.5|%»; a consumer price increase of around «t:3%|3|%»; and grain output of «t:more than 27 million tonnes|27000000|tonnes».⟧ In setting these targets, we have taken into account both need and possibility.

We will focus on the following tasks.

⟦S:Expanding effective investment⟧
⟦D:We will implement «t:1,500 provincial key projects|1500|projects» with annual investment of «t:more than 650 billion yuan|650000000000|yuan».⟧ ⟦D:«a:The Provincial Department of Finance» will arrange «t:15 billion yuan|15000000000|yuan» to support the preliminary work of major projects, and the first batch of special bonds will be issued in the «l:first quarter|quarter».⟧ ⟦D:We will ensure that «t:more than 40%|40|%» of new projects start construction in the «l:first half|half».⟧

⟦S:Boosting consumption⟧
Consumption contributed 52 percent of economic growth last year. ⟦D:We will hold the «p:Shop in Xiangyun» promotion season and support the replacement of old automobiles and home appliances.⟧ ⟦D:The upgrading of pedestrian streets in «t:12 cities|12|cities» will be completed «l:by the end of the year|year».⟧ ⟦D:We will improve the county-level commercial system so that every township has a comprehensive commercial service centre.⟧

⟦S:Stabilising and expanding employment⟧
⟦D:We will keep employment stable for college graduates, ex-service members and migrant workers, and ensure that every zero-employment family has at least one member in work.⟧ ⟦D:«a:Cities and prefectures» must implement the policies of reducing unemployment and work-related injury insurance premiums in full, and «a:human resources departments» should provide vocational skills training to «t:more than 300,000 people|300000|people» «l:this year|year».⟧

⟦/⟧Fellow Deputies, ⟦d:let us unite more closely and work hard to accomplish the targets and tasks for «l:this year|year».⟧
"""))

DOCS.append(dict(name="en06_baiyun_study_session_nodate", lang="en", date=None, body="""\
Baiyun Municipal Party Committee Theoretical Study Centre Group holds special study session

On the morning of 6 March, the Theoretical Study Centre Group of the Baiyun Municipal Party Committee held a special study session on the spirit of the recently concluded plenary session. Municipal Party Secretary Gu Wenjie presided over the session and made concluding remarks. Professor Yan Shuhua of the Provincial Party School was invited to give a guidance lecture. Members of the study group attended, and principal responsible comrades of municipal departments attended as non-voting participants.

The session held that the plenary session is of great and far-reaching significance, and that its documents put forward a series of major measures that have a bearing on the overall situation. The lecture was clear in its thinking and rich in content, and helped participants deepen their understanding.

The session stressed that ⟦D:to deeply understandthe major judgements on the current situation and tasks contained in the documents, correctly grasp the favourable conditions and the risks and challenges facing development, and keep a firm grip on the initiative in work.⟧⟦D:to deeply understandthe important requirements on promoting high-quality development, and take the cultivation of new growth drivers as the central task of the city's work.⟧⟦D:to deeply understandthe important requirements on ensuring and improving people's livelihood, and do practical things for the masses with heart and soul.⟧⟦D:to deeply understandThe important requirements on comprehensively and strictly governing the Party, and keep improving the style of work.⟧

The session required that ⟦D:«a:Party members and cadres across the city» must take the study and implementation of the spirit of the plenary session as a major political task for «l:this year|year».⟧ ⟦D:«a:Party organisations at all levels» should organise «t:at least two special study sessions|2|sessions» «l:by the end of April|month» and carry the spirit to every branch.⟧ ⟦D:«a:The Publicity Department of the Municipal Party Committee» should formulate a plan for the preaching group «l:as soon as possible|asap».⟧ ⟦d:The key to studying well lies in applying what has been learned.⟧ ⟦D:«a:Each department» should turn the requirements of the plenary session into a list of tasks, and «a:the Municipal Party Committee Office» will supervise the list item by item.⟧

Participants exchanged views on their study experience. Deputy Secretary Cao Min and Vice Mayor Fu Yilan made speeches on behalf of the group.
"""))

DOCS.append(dict(name="en07_dongling_q3_mixed_facts", lang="en", date="2023-10-26", body="""\
Dongling Province holds meeting on economic performance in the first three quarters

On October 26, 2023, the Dongling Provincial People's Government held a meeting to analyse economic performance in the first three quarters and to arrange work for the fourth quarter. Governor Pan Zhiyuan attended and spoke, and Executive Vice Governor Qiu Ming presided. The meeting was connected by video to all cities and prefectures.

In the first three quarters, the province's GDP grew 5.6 percent year on year, fixed-asset investment grew 3.1 percent and total retail sales of consumer goods grew 7.4 percent, while industrial investment in Yuanping and Longxi fell for two consecutive months. The meeting held that the economy has continued to recover, but the foundation for sustained recovery still needs to be consolidated.

The meeting pointed out that ⟦D:although the main indicators have kept growing steadily, there is still a gap between investment growth and the annual target of «t:6%|6|%», and «a:all cities and prefectures» must race against time in the «l:fourth quarter|quarter», concentrate on projects that can generate physical workload «l:before the end of the year|year», and make up the shortfall month by month.⟧ ⟦D:For provincial key projects whose investment completion rate is below 75 percent, «a:the responsible cities» must send special teams to solve problems on site and report progress every ten days.⟧

The meeting noted that consumption has become the main driver of growth this year, with final consumption expenditure contributing 61 percent of economic growth in the first three quarters. ⟦D:Efforts must be made to seize the consumption peaks of the New Year's Day and Spring Festival holidays, and the «p:Winter Fun in Dongling» cultural tourism season should be launched «l:before the end of November|month».⟧ ⟦D:«a:Commerce departments at all levels» should guide shopping malls, automobile dealers and catering enterprises to launch promotions, and ensure that total retail sales of consumer goods grow by «t:more than 7%|7|%» for «l:the whole year|year».⟧

In terms of ⟦H:foreign trade⟧, exports fell 2.3 percent year on year in the first three quarters, mainly because of shrinking external demand and high bases. ⟦D:«a:The Provincial Department of Commerce» should organise enterprises to take part in «t:more than 50 overseas exhibitions|50|exhibitions» «l:this year|year» and help them win orders.⟧ ⟦D:«a:Customs, tax and foreign exchange departments» should speed up export tax rebates and trade settlement.⟧

The meeting required that ⟦D:to ensure that the annual economic and social development targets are achieved, «a:departments at all levels» must, on the basis of a careful review of every indicator, refine their measures for the remaining two months, press ahead with the policies already introduced so that they reach enterprises and households without discount, and at the same time plan early the policies and projects for next year; they must strengthen the monitoring of indicators, study and judge the situation every week, and respond promptly to new problems; and they must keep to the bottom lines of safety, stability and the payment of wages to migrant workers, so that the year's work ends well and next year's work gets off to a good start.⟧

The meeting also listened to speeches from the heads of six cities and four provincial departments.
"""))

DOCS.append(dict(name="en08_nanshan_economic_work_conference_cut", lang="en", date="2024-12-18", body="""\
Nanshan Provincial Economic Work Conference held in Rongcheng

The Nanshan Provincial Economic Work Conference was held in Rongcheng from December 16 to 18, 2024. Provincial Party Secretary Cheng Weidong delivered a speech, reviewing the province's economic work in 2024 and analysing the current situation. Governor Lu Hanqing summed up the conference and made specific arrangements for economic work in 2025.

The conference held that in 2024 the province's economy withstood multiple pressures and maintained steady growth, with GDP expected to grow about 5.3 percent and the output of new energy vehicles exceeding 1.1 million for the first time. These achievements were hard-won.

The conference pointed out that 2025 is the final year of the 14th Five-Year Plan period. ⟦D:Economic work «l:next year|year» must adhere to the general principle of seeking progress while maintaining stability, and the main expected target for GDP growth should be set at around «t:5.5%|5.5|%».⟧

The conference identified the key tasks for next year.

⟦H:First, we must vigorously boost consumption and expand effective investment⟧, ⟦D:implementing the «p:Consumption Upgrading Action» and increasing the supply of services in elderly care, childcare and culture.⟧ ⟦D:«a:Investment promotion departments» should make sure that a batch of major projects with investment of more than 1 billion yuan each start construction in the «l:first quarter of next year|quarter».⟧ ⟦D:The province should complete fixed-asset investment of «t:more than 1.3 trillion yuan|1300000000000|yuan» in «l:2025|year».⟧

⟦H:Second, we must build a modern industrial system with Nanshan characteristics⟧: ⟦D:extend the industrial chain of new energy vehicles and strive to raise output to «t:1.3 million vehicles|1300000|vehicles»;⟧ ⟦D:cultivate future industries such as humanoid robots and commercial aerospace;⟧ ⟦D:implement the «p:Digital Transformation of Manufacturing Three-Year Action Plan», so that all industrial enterprises above designated size complete digital diagnosis «l:by the end of 2025|year».⟧

⟦H:Third, we must deepen reform in key areas⟧. ⟦D:Promote the reform of state-owned enterprises, and make sure that the asset restructuring of the three provincial transport groups is completed «l:before the Spring Festival|other».⟧ ⟦D:Clean up regulations and practices that hinder the unified national market, and publish the list of results «l:as soon as possible|asap».⟧

⟦H:Fourth, we must ensure and improve people's livelihood⟧, ⟦D:creating «t:more than 700,000 new urban jobs|700000|jobs» and continuing to raise the basic pension of urban and rural residents.⟧ The province added 713,000 urban jobs this year.

The conference stressed that ⟦D:«a:all cities and prefectures» must complete the verification and registration of idle and inefficient industrial land before⟧"""))

DOCS.append(dict(name="en09_chengyang_focus_optional", lang="en", date="2025-03-03", body="""\
Chengyang Municipal Party Committee Standing Committee meets to promote the implementation of annual tasks

On March 3, 2025, the Standing Committee of the Chengyang Municipal Party Committee held a meeting to convey the spirit of the provincial meeting on optimising the business environment and to study the implementation of the city's key tasks for the year. Municipal Party Secretary Ye Changqing presided.

The meeting held that since the beginning of the year the city has held 46 project signing ceremonies and the number of newly registered business entities has grown by 12.4 percent, showing that the business environment is improving. ⟦d:The key to accomplishing this year's tasks lies in implementation.⟧

The meeting stressed ⟦h:the need to focus on the real economy⟧. ⟦D:«a:All districts and counties» must take manufacturing as the foundation of the city's development and keep the share of manufacturing in GDP at «t:more than 33%|33|%».⟧ ⟦D:Enterprises above designated size that suspend production must be visited «l:within three working days|other», and their problems must be handed over to the responsible departments.⟧ ⟦D:«a:The Municipal Bureau of Industry and Information Technology» should publish the list of «t:100 key enterprises|100|enterprises» eligible for priority factor guarantees «l:as soon as possible|asap».⟧

In terms of ⟦H:attracting investment⟧, ⟦D:«a:the city» must shift from competing on preferential policies to competing on services and industrial ecosystems, and focus on leading enterprises and supporting enterprises in the industrial chain.⟧ ⟦D:Strive to sign «t:more than 120 projects|120|projects» of over 100 million yuan each in the «l:first half|half», with actual investment in place of «t:30 billion yuan|30000000000|yuan».⟧ ⟦D:«a:Each district» should report the progress of signed projects monthly.⟧

The meeting stressed ⟦h:the need to hold the bottom line of people's livelihood⟧. ⟦D:«a:Civil affairs departments» should ensure that subsistence allowances and temporary assistance are paid in full and on time, and the heating subsidies for people in difficulty must be distributed «l:by the end of March|month».⟧ ⟦D:«a:The city» should complete the renovation of «t:48 rural boarding schools|48|schools» «l:before the start of the autumn semester|other».⟧

The meeting approved ⟦H:the List of Key Reform Tasks of Chengyang for 2025⟧. ⟦D:«a:Lead units» should break down the tasks by month and report progress to the Office of the Municipal Reform Commission «l:before the end of each quarter|other».⟧

The meeting also studied other matters.
"""))

DOCS.append(dict(name="en10_songhe_midyear_glued_lowercase", lang="en", date="2022-08-05", body="""\
Songhe holds mid-year economic work meeting

On August 5, 2022, the Songhe Municipal Party Committee and the Municipal People's Government held a meeting to summarise economic work in the first half of the year and to deploy work for the second half. Municipal Party Secretary Wen Jiaxu attended and spoke, and Mayor Kong Lingyu presided. Heads of the county-level party committees and governments and the main responsible comrades of municipal departments attended.

The meeting pointed out that in the first half of the year the city's GDP grew 4.1 percent, which was lower than expected, mainly because of the epidemic and the decline in the real estate market, while industrial investment grew 14.6 percent and remained a bright spot.

The meeting required that⟦H:stabilise the industrial economy⟧⟦D:focus on the 300 industrial enterprises above designated size with the largest output, implement the mechanism of one policy for one enterprise, and ensure that industrial growth in the «l:second half of the year|half» is not lower than «t:6%|6|%».⟧⟦H:promote the recovery of consumption⟧⟦D:we should implement the policy of halving the purchase tax on passenger cars in full, issue the third batch of electronic consumption vouchers, and support the holding of the «p:Songhe Summer Night Market» in all districts;⟧ ⟦D:«a:the Municipal Bureau of Commerce» should complete the upgrading of «t:eight commercial streets|8|streets» «l:within this year|year».⟧⟦H:accelerate the construction of major projects⟧⟦D:the «p:Autumn Concentrated Commencement» of major projects should be held «l:before the end of September|month», with a total investment of «t:no less than 40 billion yuan|40000000000|yuan»;⟧ ⟦D:«a:the Municipal Bureau of Natural Resources and Planning» should complete the land approval for the second batch of projects «l:by October 15|date»;⟧ ⟦D:projects financed by special bonds must form physical workload «l:before the end of the year|year», and funds that cannot be used should be adjusted in time.⟧

The meeting stressed that⟦H:Safeguard the bottom line of people's livelihood⟧⟦D:implement the policy of phased deferral of social insurance premiums, keep the employment of college graduates stable, and ensure that the registered urban unemployment rate is kept within «t:4%|4|%»;⟧ ⟦D:strengthen the supply of vegetables and meat and keep prices basically stable.⟧⟦H:prevent and resolve risks in real estate⟧⟦D:do a good job in ensuring the delivery of buildings, stabilising people's livelihood and stabilising society, set up a special class for each overdue project, and resume construction of all stalled projects «l:before the end of September|month».⟧

The meeting called on ⟦D:«a:cadres at all levels» to carry forward the spirit of daring to fight and being good at fighting, overcome difficulties and fight hard, so as to complete the targets and tasks for «l:the whole year|year» as far as possible.⟧

Participants also visited the construction sites of the Songhe North Logistics Park and the New Materials Industrial Park.
"""))

DOCS.append(dict(name="en11_qingshui_county_ordinals_manner", lang="en", date="2026-05-12", body="""\
Qingshui County Party Committee holds meeting on county economic development

On May 12, 2026, the Qingshui County Party Committee held a meeting on the development of the county economy. County Party Secretary Ma Yunfei chaired the meeting and gave a speech, and County Magistrate Du Xiaoqin reported on the progress of the county's key work since the beginning of the year.

Qingshui is a mountainous county with 126,000 mu of tea gardens. Last year the county's tea output value reached 3.8 billion yuan and the per capita disposable income of rural residents was 19,460 yuan. The meeting held that the county's characteristic industries have a good foundation, but the problems of small scale, weak brands and short industrial chains remain prominent.

The meeting required that efforts be made in the following aspects.

⟦H:First, proceeding from the county's actual conditions, we must accelerate the upgrading of the tea industry⟧, ⟦D:promoting the transformation of low-yield tea gardens, cultivating leading processing enterprises and strengthening the «p:Qingshui Cloud Tea» regional public brand.⟧ ⟦D:«a:The county» should transform «t:15,000 mu|15000|mu» of low-yield tea gardens «l:this year|year» and raise the tea output value to «t:4.2 billion yuan|4200000000|yuan».⟧ ⟦D:«a:The County Agriculture and Rural Affairs Bureau» should complete the certification of the tea quality traceability system «l:by the end of June|month».⟧

⟦H:Second, we must strengthen county commerce and logistics⟧; ⟦D:the construction of the county-level logistics distribution centre should be completed in the «l:first half of the year|half», and every township should have a courier service station.⟧ ⟦D:Support e-commerce enterprises in selling tea, bamboo shoots and other mountain products online, with online retail sales growing by «t:more than 20%|20|%».⟧

⟦D:Third, we must make sure that no large-scale relapse into poverty occurs in any township.⟧

⟦H:Fourth, in accordance with the unified arrangements of the Provincial Party Committee, we must do a good job in the pilot reform of rural collective property rights⟧, ⟦D:completing the registration of collective assets in all «t:142 administrative villages|142|villages» «l:before the end of September|month».⟧ ⟦D:«a:Villages whose collective income is below 100,000 yuan» should formulate income-increasing plans one by one.⟧

⟦H:Fifth, we must improve the style of work⟧. ⟦D:«a:Leading cadres at the county and township levels» must go to the front line to solve problems, and problems reported by enterprises must be answered «l:within five working days|other».⟧ Last year the county handled 1,327 requests from enterprises.

The meeting also arranged the county's flood prevention work.
"""))

DOCS.append(dict(name="en12_haiyan_approvals_decisions", lang="en", date="2023-06-09", body="""\
Haiyan Provincial Government executive meeting approves three documents

On June 9, 2023, Governor Xia Rongguang presided over an executive meeting of the Haiyan Provincial People's Government, which deliberated on the development of the digital economy, the interim measures for the management of provincial science and technology funds and the province's preparations for the main flood season.

The meeting approved in principle ⟦H:the "Three-Year Action Plan for the Development of the Digital Economy in Haiyan (2023-2025)"⟧. The meeting pointed out that the digital economy has become an important engine of the province's growth, with the added value of the core industries of the digital economy accounting for 9.2 percent of GDP last year. It required that ⟦D:«a:the Provincial Development and Reform Commission» and «a:the Provincial Big Data Bureau» break down the annual tasks of the «p:Three-Year Action Plan for the Development of the Digital Economy» and issue them «l:before the end of July|month».⟧ ⟦D:«l:By 2025|year», the added value of the core industries of the digital economy should account for «t:more than 12%|12|%» of GDP, and «a:the province» should build «t:30,000 new 5G base stations|30000|stations».⟧

The meeting deliberated and adopted ⟦H:the Interim Measures for the Management of Provincial Science and Technology Funds⟧. The measures extend the autonomy of research teams in using funds and simplify budget preparation. ⟦D:«a:The Provincial Department of Science and Technology» and «a:the Provincial Department of Finance» should step up publicity and training so that universities and research institutes understand and apply the measures «l:in the second half of the year|half».⟧

The meeting studied ⟦H:the province's preparations for the main flood season⟧. According to forecasts, the province will see more rainfall than usual this summer, with a high likelihood of regional floods in the northern river basins. It stressed that ⟦D:flood control responsibilities must be assigned to every reservoir, every section of dike and every village, and emergency plans should be revised and drilled.⟧ ⟦D:«a:The Provincial Department of Water Resources» should complete the repair of «t:86 flood-damaged works|86|works» «l:before the end of June|month».⟧ ⟦D:Meteorological, hydrological and natural resources departments must issue early warnings in time and share information with each other.⟧

The meeting called on ⟦D:«a:all cities» to draw lessons from last year's flood in the Luohe River basin, and to make sure that people in dangerous areas can be evacuated «l:within two hours of a warning|other».⟧

The meeting also decided on the appointment and removal of personnel.
"""))


# ==== CHINESE ====

DOCS.append(dict(name="zh01_xizhou_changweihui_yiyao", lang="zh", date="2023-04-18", body="""\
汐州市委常委会召开会议研究部署二季度重点工作
2023年4月18日，市委书记许长林主持召开市委常委会会议，传达学习全省经济运行调度会议精神，分析一季度全市经济运行情况，研究部署二季度重点工作。
会议指出，一季度全市经济实现平稳开局，地区生产总值同比增长5.9%，固定资产投资增长8.2%，主要指标增速均高于全省平均水平。⟦d:成绩来之不易，但也要清醒看到，需求不足、部分企业经营困难等问题依然突出。⟧
会议强调，⟦D:«a:全市各级各部门»要咬定全年目标任务不放松，以只争朝夕的劲头抓好«l:二季度|quarter»各项工作，确保实现“«l:双过半|half»”。⟧
会议要求，⟦H:一要全力抓好项目投资工作⟧，⟦D:聚焦126个市级重点项目，实行“«p:一个项目、一名领导、一个专班»”推进机制，推动在建项目加快形象进度；⟧⟦D:«a:市发改委»要牵头开展项目谋划储备，«l:6月底前|month»再储备一批亿元以上项目；⟧⟦D:用足用好专项债券资金，«l:尽快|asap»形成实物工作量。⟧⟦H:二要持续推动消费回暖⟧，⟦D:深入开展“«p:汐州消费季»”系列活动，发放«t:3000万元|30000000|元»消费券，支持商贸企业开展汽车、家电促销；⟧⟦D:加快夜间经济集聚区建设，培育一批特色消费街区。⟧⟦H:三要着力稳住工业经济⟧，⟦D:«a:市工信局»要建立重点企业“白名单”，对一季度产值下降的企业逐户走访帮扶，推动规上工业增加值增速回升到«t:6%以上|6|%»。⟧⟦H:四要扎实做好“三农”工作⟧，⟦D:抓好春耕春播，确保粮食播种面积稳定在«t:186万亩以上|1860000|亩»；⟧⟦D:加强农田水利设施建设，«l:年内|year»建成高标准农田«t:12万亩|120000|亩»。⟧⟦H:五要立足我市实际，加快培育低空经济等新兴产业⟧，⟦D:谋划建设低空经济产业园，引进一批整机和核心零部件企业，力争«l:年内|year»开通«t:3条|3|条»低空物流航线。⟧
⟦D:六要严格落实安全生产责任。⟧
会议还研究了其他事项。
"""))

DOCS.append(dict(name="zh02_yuanbei_changwuhui_yishi", lang="zh", date="2024-02-26", body="""\
沅北省政府召开第38次常务会议
2024年2月26日，省长蒋立军主持召开省政府第38次常务会议，听取全省春节假期经济运行情况汇报，研究部署一季度经济工作，审议《沅北省推动大规模设备更新和消费品以旧换新实施方案》。
会议听取了省统计局关于春节假期全省经济运行情况的汇报。春节假期全省接待游客1863万人次，同比增长21.4%；实现旅游收入152亿元，同比增长26.7%。
会议指出，春节假期消费市场活跃，但工业生产受假期因素影响有所放缓，1月全省规上工业用电量同比下降3.2%，企业节后复工复产进度不一。
会议强调，⟦D:«a:各地各部门»要切实增强紧迫感，全力以赴抓好«l:一季度|quarter»经济工作，为完成全年目标任务打下坚实基础。⟧
会议要求，⟦H:一是全力稳住工业运行⟧。⟦D:«a:各市（州）»要加强重点企业用工、用能、物流等要素保障，推动2800家规上工业企业应开尽开、满产满销；⟧⟦D:«a:省工信厅»要对一季度产值下降的企业逐户走访，«l:3月底前|month»形成帮扶清单。⟧⟦H:二是加快推进重大项目建设⟧。⟦D:抓紧办理续建和新开工项目手续，确保«l:一季度|quarter»省重点项目开工率达到«t:45%以上|45|%»；⟧⟦D:«a:省发改委»要会同«a:省财政厅»«l:尽快|asap»下达第一批中央预算内投资和专项债券资金。⟧⟦H:三是促进消费持续恢复⟧。⟦D:延续实施汽车、家电促销政策，办好“«p:沅味春来»”消费节庆活动；⟧⟦D:支持各地发展首发经济和冰雪经济，打造«t:20个|20|个»省级夜间消费集聚区。⟧⟦H:四是毫不放松抓好安全生产⟧。⟦D:深入开展重点行业领域安全隐患排查整治，坚决防范遏制重特大事故发生。⟧
会议审议并原则通过《沅北省推动大规模设备更新和消费品以旧换新实施方案》。会议要求，⟦D:«a:省发改委»要牵头抓好《«p:沅北省推动大规模设备更新和消费品以旧换新实施方案»》的组织实施，«l:上半年|half»推动首批设备更新项目全部开工。⟧
会议同时要求，⟦D:«a:各市（州）政府»要结合本地实际，«l:尽早|asap»出台配套措施，对符合条件的设备更新项目给予贷款贴息支持，并于«l:3月15日|date»前将配套措施报省政府备案，«a:省审计厅»要对资金使用情况开展跟踪审计。⟧
会议还研究了其他事项。
"""))

DOCS.append(dict(name="zh03_mindong_work_report_paren", lang="zh", date="2025-01-20", body="""\
政府工作报告（摘要）
——2025年1月20日在岷东省第十四届人民代表大会第三次会议上
省长　韩启明
各位代表：
过去一年，全省地区生产总值增长5.3%，一般公共预算收入增长3.6%，城镇新增就业68.2万人，粮食产量达到702亿斤，创历史新高。这些成绩的取得，是全省上下团结奋斗的结果。
2025年是“十四五”规划收官之年。⟦D:«l:今年|year»全省发展的主要预期目标为：全省地区生产总值增长«t:5.5%左右|5.5|%»；一般公共预算收入增长«t:4%|4|%»；城镇新增就业«t:65万人以上|650000|人»，城镇调查失业率«t:5.5%以内|5.5|%»；居民消费价格涨幅«t:2%左右|2|%»；粮食产量稳定在«t:700亿斤以上|70000000000|斤»。⟧
今年重点抓好以下工作：
⟦H:（一）着力扩大有效需求⟧，⟦D:增强经济增长内生动力。⟧⟦D:深入实施扩大内需战略，«l:全年|year»实施省级重点项目«t:1500个|1500|个»，完成投资«t:1.2万亿元以上|1200000000000|元»。⟧⟦D:用好超长期特别国债和地方政府专项债券，«l:一季度|quarter»发行专项债券占全年额度的«t:40%以上|40|%»。⟧⟦D:开展“«p:岷东消费提振年»”活动，推动汽车、家电、家装等大宗消费。⟧
⟦H:（二）加快构建现代化产业体系⟧。⟦D:实施《«p:岷东省制造业高质量发展三年行动方案»》，推动传统产业高端化、智能化、绿色化改造。⟧⟦D:培育壮大新能源、新材料、生物医药等战略性新兴产业，数字经济核心产业增加值占地区生产总值比重达到«t:10%|10|%»。⟧去年这一比重为8.7%。
⟦H:（三）切实保障和改善民生⟧。⟦D:城乡居民基础养老金最低标准每人每月提高«t:20元|20|元»。⟧⟦D:«l:年内|year»新增普惠托位«t:1.2万个|12000|个»，改造城镇老旧小区«t:1100个|1100|个»。⟧⟦D:«a:各市州»要在«l:6月底前|month»完成困难群众救助标准调整。⟧
⟦H:（四）持续改善生态环境质量⟧。去年全省空气优良天数比例为89.6%。⟦D:深入打好蓝天、碧水、净土保卫战，细颗粒物平均浓度控制在«t:30微克/立方米以内|30|微克/立方米»。⟧⟦D:全面推行林长制、河湖长制，完成营造林«t:150万亩|1500000|亩»。⟧
⟦/⟧各位代表！⟦d:新的一年，让我们在省委坚强领导下，真抓实干、奋勇争先，为全面完成“十四五”规划目标任务而努力奋斗！⟧
"""))

DOCS.append(dict(name="zh04_luancheng_projects_diyi", lang="zh", date="2022-09-14", body="""\
全市重点项目建设推进会召开
2022年9月14日，全市重点项目建设推进会召开。市委书记罗晓峰出席会议并讲话，市长陈立言主持会议。会议通报了1—8月全市重点项目建设情况，与会人员现场观摩了峦城经开区12个在建项目。
会议指出，今年以来，全市上下克服疫情散发、原材料价格上涨等不利因素影响，1—8月全市184个市重点项目完成投资1126亿元，占年度计划的68.3%，项目建设总体保持良好态势。
罗晓峰强调，⟦H:第一，要全力冲刺年度投资目标⟧。⟦D:«a:各县（市、区）»要对照年度计划倒排工期、挂图作战，«l:四季度|quarter»每月完成投资不低于«t:120亿元|12000000000|元»；⟧⟦D:对进度滞后的项目，要逐个分析原因，«l:10月底前|month»拿出赶工方案；⟧⟦D:确保«l:年底前|year»完成重点项目投资«t:1650亿元以上|165000000000|元»。⟧
⟦H:第二，要加快新开工项目落地⟧。⟦D:对已签约未开工的«t:37个|37|个»项目，实行“«p:一周一调度、一月一通报»”，力争«l:11月底前|month»全部开工。⟧⟦D:在谋划储备上，要围绕新能源、装备制造、现代物流等领域，再谋划一批打基础、利长远的大项目。⟧
⟦H:第三，要强化项目要素保障⟧，⟦D:«a:市自然资源局»要优先保障重点项目用地；⟧⟦D:«a:市财政局»要加快专项债券资金拨付；⟧⟦D:«a:各金融机构»要加大中长期贷款投放力度。⟧
⟦H:第四，要压实工作责任⟧，⟦D:严格落实市级领导联系重点项目制度，定期深入项目一线协调解决问题。⟧⟦D:«a:市委督查室»、«a:市政府督查室»要加强跟踪督办，对工作不力、进度严重滞后的单位予以通报。⟧
⟦D:第五，要严守安全生产底线。⟧
陈立言在主持会议时要求，⟦D:«a:各地各部门»要认真抓好会议精神贯彻落实，以项目建设的新成效推动全市经济稳中向好。⟧
"""))

DOCS.append(dict(name="zh05_lanjiang_changweihui_agenda", lang="zh", date="2026-03-10", body="""\
省委常委会召开会议
2026年3月10日，省委书记田志远主持召开省委常委会会议，研究全省春季森林草原防灭火工作、“十五五”规划纲要实施等事项。
会议研究了⟦H:全省春季森林草原防灭火工作⟧。会议指出，当前我省已进入森林草原火灾高发期，今年以来全省降水较常年偏少四成，森林火险等级持续偏高。会议强调，⟦D:要坚持人民至上、生命至上，把森林草原防灭火作为当前安全稳定工作的重中之重来抓。⟧⟦D:«a:各地»要严格落实野外火源管控措施，在清明、五一等重点时段加密巡护频次。⟧⟦D:«a:省应急管理厅»要会同«a:省林草局»«l:3月底前|month»完成专业扑火队伍集训和物资前置，确保一旦发生火情能够“打早、打小、打了”。⟧
关于⟦H:推进“十五五”规划纲要实施⟧，会议要求，⟦D:«a:省发改委»要对照《«p:澜江省国民经济和社会发展第十五个五年规划纲要»》，逐项分解主要目标、重大任务和重大工程，«l:4月底前|month»印发年度实施计划；⟧⟦D:«a:各地各部门»要把规划纲要确定的任务纳入年度工作安排，建立台账、按季调度。⟧
会议研究了⟦H:全省一季度经济工作⟧。会议指出，开年以来全省重大项目集中开工、消费市场回暖，1—2月规上工业增加值增长6.4%，经济运行开局良好，但外需不确定性增多，部分行业企业经营仍较困难。会议要求，⟦D:«a:各地各部门»要把握“«p:十五五»”开局之年的重大机遇，全力以赴冲刺«l:一季度|quarter»“开门红”，为实现全年目标打下坚实基础；⟧⟦D:要加快推进省重点项目建设，对开工滞后的项目逐一挂牌督办；⟧⟦D:要精准落实各项惠企政策，帮助企业稳岗拓岗、稳定预期。⟧
会议审议并原则通过《澜江省优化营商环境三年行动方案（2026—2028年）》。会议指出，营商环境就是生产力。会议要求，⟦D:«a:省直有关部门»要按照职责分工细化«p:优化营商环境三年行动方案»各项任务，«l:上半年|half»完成首批«t:30项|30|项»改革事项。⟧
会议研究了省属国有企业领导人员调整事项。
会议听取了全省2025年度高质量发展综合绩效考核情况汇报，同意考核结果。
会议还研究了其他事项。
"""))

DOCS.append(dict(name="zh06_yanhu_industry_headlines", lang="zh", date="2023-08-02", body="""\
全市工业经济高质量发展推进会召开
2023年8月2日，全市工业经济高质量发展推进会召开。市长周嘉禾出席会议并讲话，副市长梁宇主持会议。会议通报了上半年全市工业经济运行情况，4家企业作交流发言。
上半年，全市规上工业增加值增长4.2%，低于全省平均水平1.1个百分点，化工、建材等行业产值下降明显，但新能源汽车零部件、电子信息产业分别增长23.5%和17.8%。
周嘉禾强调，⟦D:要正视差距、迎难而上，确保«l:下半年|half»全市规上工业增加值增速回升到«t:6%以上|6|%»。⟧
⟦S:稳住工业基本盘⟧
⟦D:«a:各县（市、区）»要对产值排名前200位的重点企业实行“«p:一企一策»”精准帮扶，帮助企业稳订单、拓市场。⟧⟦D:对停产半停产企业，要逐一摸清原因，能复产的«l:9月底前|month»全部复产。⟧今年以来，全市已为企业解决用工、融资等问题316个。
⟦S:培育壮大新兴产业⟧
⟦D:深入实施《«p:雁湖市新能源汽车零部件产业链提升行动计划»》，全面推行“«p:链长制»”，围绕龙头企业引进配套项目。⟧⟦D:«a:市工信局»要在«l:三季度|quarter»组织开展产业链供需对接活动«t:10场以上|10|场»。⟧⟦D:力争«l:年底前|year»新增专精特新中小企业«t:50家|50|家»。⟧目前，全市已集聚新能源汽车零部件企业87家，但本地配套率仅为31%。⟦D:下一步，要把提高本地配套率作为招商引资的重点，«a:各园区»要围绕电池、电机、电控等关键环节精准招引，推动本地配套率«l:年底前|year»提高到«t:40%|40|%»。⟧
⟦S:优化产业发展环境⟧
⟦D:«a:市发改委»、«a:市财政局»要抓紧兑现各项惠企政策，确保资金«l:尽快|asap»直达企业。⟧⟦D:健全企业诉求快速响应机制，企业反映的问题原则上«l:7个工作日内|other»办结。⟧⟦D:深化“«p:亩均论英雄»”改革，对亩均税收低于3万元的低效用地企业，要分类制定提升或退出方案。⟧上半年，全市共盘活低效工业用地2100亩。
⟦/⟧会议要求，⟦D:«a:各地各部门»要把思想和行动统一到市委、市政府的决策部署上来，以更加务实的作风抓好工业经济各项工作，为完成全年目标任务提供有力支撑。⟧
"""))

DOCS.append(dict(name="zh07_hefeng_optional_openers_nodate", lang="zh", date=None, body="""\
禾丰县委常委会召开会议
6月5日，县委书记沈光远主持召开县委常委会会议，传达学习全市经济工作推进会议精神，听取全县1—5月经济运行情况汇报，研究部署下一阶段重点工作。
会议充分肯定了今年以来全县各项工作取得的成绩。1—5月，全县规上工业增加值增长7.8%，社会消费品零售总额增长6.1%，主要指标增速位居全市前列。
会议强调，⟦h:要稳住农业生产基本盘⟧，⟦D:抓好夏收夏种，确保夏粮颗粒归仓，早稻种植面积稳定在«t:42.6万亩以上|426000|亩»。⟧⟦D:«a:县农业农村局»要组织农机跨区作业，«l:6月底前|month»完成夏播任务。⟧目前全县小麦已收获八成以上。⟦h:要推动工业提质增效⟧，⟦D:围绕绿色食品、竹木加工两大主导产业延链补链，力争«l:年内|year»新增规上工业企业«t:15家|15|家»。⟧⟦D:«a:禾丰工业园区管委会»要加快标准厂房建设，为招商引资项目落地腾出空间。⟧⟦h:要用心用情保障民生⟧，⟦D:扎实推进«t:10件|10|件»县级民生实事，确保按时保质完成。⟧⟦D:做好高校毕业生、返乡农民工等重点群体就业工作。⟧⟦h:要绷紧防汛安全这根弦⟧，⟦D:落实水库、山塘、地质灾害隐患点巡查值守制度，遇强降雨提前转移危险区域群众。⟧
⟦/⟧会议要求，⟦D:«a:各乡镇、各部门»要对照年初确定的目标任务，查漏补缺、加压奋进，确保实现“«l:双过半|half»”。⟧
会议研究了⟦H:全县农村人居环境整治提升工作⟧。会议指出，去年以来全县农村卫生厕所普及率提高到86.5%，但部分村庄仍存在垃圾乱堆乱放、污水直排等问题，群众反映较为强烈。会议强调，⟦D:要以“«p:清洁庭院·美丽禾丰»”行动为抓手，全域推进村庄清洁，建立健全长效管护机制。⟧⟦D:«a:各乡镇»要«l:9月底前|month»完成«t:46个|46|个»重点村生活污水治理设施建设，县财政安排的以奖代补资金要与考核结果挂钩。⟧⟦D:«a:县住建局»要牵头做好农村危房动态监测，发现一户、改造一户。⟧
会议还听取了全县乡村振兴示范带建设情况汇报，研究了其他事项。
"""))

DOCS.append(dict(name="zh08_anweihui_cutoff_nodate", lang="zh", date=None, body="""\
省安委会召开全体（扩大）会议
5月8日，省安全生产委员会召开全体（扩大）会议，通报1—4月全省安全生产形势，部署下一阶段安全生产和防汛工作。副省长、省安委会主任唐建华出席会议并讲话。
1—4月，全省共发生各类生产安全事故286起、死亡219人，同比分别下降18.3%和12.7%，未发生重大及以上事故。但道路交通、建筑施工、城镇燃气等领域事故仍时有发生，部分地区和企业安全责任落实不到位。
会议强调，⟦D:«a:各地各部门»要时刻绷紧安全生产这根弦，坚决克服麻痹思想和厌战情绪，以“时时放心不下”的责任感抓好各项工作。⟧
会议要求，⟦H:一是深入开展安全生产治本攻坚⟧，⟦D:聚焦城镇燃气、危险化学品、经营性自建房、电动自行车等重点领域，«l:6月底前|month»完成新一轮隐患排查；⟧⟦D:对排查出的重大事故隐患，实行挂牌督办、闭环管理，«l:年底前|year»整改销号率达到«t:100%|100|%»。⟧⟦H:二是严格落实安全生产责任⟧，⟦D:«a:各级党委政府»要落实“«p:党政同责、一岗双责、齐抓共管、失职追责»”要求；⟧⟦D:«a:企业主要负责人»要切实履行第一责任人职责，推动全员安全生产责任制落实到每个岗位。⟧⟦H:三是全力做好防汛备汛工作⟧，⟦D:«l:主汛期前|other»完成«t:1260座|1260|座»病险水库除险加固和山洪灾害监测预警设施维护；⟧⟦D:«a:应急、水利、气象等部门»要加强会商研判，«l:尽快|asap»修订完善防汛应急预案。⟧⟦H:四是提升基层应急处置能力⟧，⟦D:«a:乡镇（街道）»要配齐应急管理专兼职人员，每个行政村至少明确«t:1名|1|名»应急信息员；⟧⟦D:«a:各市（州）»要在«l:汛期前|other»组织开展«t:1次|1|次»以上综合性应急演练。⟧
唐建华指出，今年以来全省共约谈安全生产问题突出的地方政府和企业43家，挂牌督办重大隐患116项，安全生产专项整治取得阶段性成效。⟦D:对整改不力、弄虚作假的，要依规依纪依法严肃追责问责。⟧
⟦/⟧会议强调，⟦D:«a:各市（州）»要抓紧组织⟧"""))

DOCS.append(dict(name="zh09_jiangchuan_work_report_headlines", lang="zh", date="2022-01-15", body="""\
江川省政府工作报告（摘要）
——2022年1月15日在江川省第十三届人民代表大会第六次会议上
各位代表：
过去一年，面对复杂严峻的形势，全省地区生产总值达到3.38万亿元，增长8.6%；粮食总产量达到624亿斤，再创历史新高；城镇新增就业116.4万人。成绩来之不易。
2022年将召开党的二十大，做好今年政府工作意义重大。⟦D:«l:今年|year»全省发展主要预期目标为：全省地区生产总值增长«t:7.5%左右|7.5|%»、总量突破«t:3.65万亿元|3650000000000|元»；一般公共预算收入增长«t:6.5%|6.5|%»；新增城镇就业«t:110万人以上|1100000|人»；粮食播种面积稳定在«t:1亿亩以上|100000000|亩»，粮食产量保持在«t:620亿斤以上|62000000000|斤»；单位地区生产总值能耗降低完成国家下达任务。⟧⟦d:实现上述目标，必须坚持稳字当头、稳中求进。⟧
今年要重点抓好以下工作：
⟦S:全力扩大有效投资⟧
⟦D:«l:全年|year»实施省重点项目«t:1000个|1000|个»，完成年度投资«t:6500亿元以上|650000000000|元»。⟧⟦D:«a:省发改委»要会同有关部门建立重大项目“«p:红黄绿灯»”调度机制，«l:一季度|quarter»集中开工一批重大项目。⟧⟦D:«a:省财政厅»要加快专项债券发行使用，确保«l:上半年|half»基本发行完毕。⟧去年全省专项债券支持项目1342个。
⟦S:巩固提升农业基础⟧
⟦D:严格落实粮食安全党政同责，新建高标准农田«t:350万亩|3500000|亩»。⟧⟦D:«a:各地»要稳定生猪产能，能繁母猪存栏保持在«t:380万头左右|3800000|头»。⟧⟦D:深入实施“«p:江川粮仓»”建设工程，推进种业振兴，打造一批优质稻、特色油料生产基地。⟧去年全省农村居民人均可支配收入增长10.5%，增速连续5年高于城镇居民。
⟦S:加力稳就业保民生⟧
⟦D:坚持就业优先，突出做好高校毕业生、退役军人和农民工就业工作，城镇调查失业率控制在«t:5.5%以内|5.5|%»。⟧⟦D:城乡居民医保财政补助标准每人每年提高«t:30元|30|元»。⟧⟦D:«a:各市州»要在«l:6月底前|month»全面落实特困人员救助供养标准调整，«l:年底前|year»实现县级特困人员供养服务机构全覆盖。⟧
⟦/⟧各位代表，新的征程已经开启，新的使命催人奋进。
"""))

DOCS.append(dict(name="zh10_fengzhou_dispatch_long_mixed", lang="zh", date="2025-09-22", body="""\
全省经济运行调度会议召开
2025年9月22日，全省经济运行调度会议在峰州召开，分析前8个月全省经济运行情况，调度四季度重点工作。省长魏廷栋出席会议并讲话，常务副省长严志鹏主持会议。
前8个月，全省规上工业增加值增长6.1%，固定资产投资增长2.4%，社会消费品零售总额增长5.3%，主要指标总体平稳，但投资增速比上半年回落0.9个百分点，部分市州工业用电量连续两个月负增长。
魏廷栋指出，⟦D:当前距离年底仅剩三个多月，全年目标任务依然艰巨，«a:各地各部门»必须把思想和行动统一到省委、省政府对经济形势的判断上来，既要看到经济回升向好的积极因素，也要正视投资增速回落、企业效益下滑等突出问题，以更加饱满的精神状态抓好«l:四季度|quarter»各项工作，坚决完成«l:全年|year»目标任务。⟧⟦d:从全年看，实现目标任务仍要付出艰苦努力。⟧
⟦D:要紧紧扭住项目建设这个“牛鼻子”，对前8个月投资完成率低于60%的省重点项目，«a:项目所在市州»要逐一列出问题清单，«l:10月底前|month»协调解决到位，确保«l:年底前|year»省重点项目完成年度投资计划的«t:95%以上|95|%»。⟧⟦D:对符合条件的项目，«a:省发改委»要积极争取新增中央预算内投资和超长期特别国债支持，推动资金«l:尽快|asap»落到具体项目上。⟧
关于⟦H:稳定工业运行⟧，魏廷栋要求，⟦D:«a:省工信厅»要对用电量连续下降的重点企业逐户分析原因，帮助企业稳订单、保生产；⟧⟦D:落实好设备更新贷款贴息政策，«l:年内|year»推动«t:3000家|3000|家»以上企业实施技术改造；⟧⟦D:对«l:四季度|quarter»有增产潜力的企业，要在用能、用工、资金等方面给予优先保障。⟧今年以来，全省已有412家企业纳入增产潜力企业名单。
9月以来，部分地区出现强降雨，个别企业一度停产，⟦D:«a:受灾地区»要«l:尽快|asap»组织企业恢复生产，«a:保险机构»要开辟理赔绿色通道，能赔快赔、应赔尽赔。⟧
⟦D:在扩大消费方面，要抓住国庆、中秋假期和“双十一”等消费旺季，持续推进消费品以旧换新，«a:各地»要«l:10月底前|month»将第四批以旧换新补贴资金拨付到位，并组织开展“«p:峰州好物·金秋惠购»”等促销活动，力争«l:全年|year»社会消费品零售总额增长«t:5.5%以上|5.5|%»。⟧
严志鹏在主持会议时要求，⟦D:«a:各地各部门»要认真抓好会议精神贯彻落实，«l:会后一周内|other»将贯彻落实情况报省政府办公厅。⟧
"""))

DOCS.append(dict(name="zh11_cangyu_changwuhui_agenda_heard", lang="zh", date="2022-05-30", body="""\
苍屿省政府召开常务会议
2022年5月30日，省长许博文主持召开省政府常务会议，听取全省经济运行情况汇报，研究部署稳住经济大盘和防汛抗旱工作，审议有关文件。
会议听取了省发改委关于1—4月全省经济运行情况的汇报。1—4月，受疫情等超预期因素冲击，全省规上工业增加值增长2.1%，社会消费品零售总额下降3.4%，经济下行压力明显加大。
关于⟦H:稳住经济大盘⟧，会议要求，⟦D:«a:各地各部门»要把稳增长放在更加突出的位置，抓紧落实国家稳经济一揽子政策措施，推动政策红利«l:尽快|asap»释放；⟧⟦D:留抵退税、缓缴社会保险费等政策要应享尽享，«l:6月底前|month»基本完成小微企业存量留抵退税；⟧⟦D:全力以赴确保«l:上半年|half»全省经济实现正增长。⟧
会议研究了⟦H:全省防汛抗旱工作⟧。会议指出，今年我省汛期降水可能偏多，局地发生洪涝灾害的风险较高。会议强调，⟦D:要立足防大汛、抗大旱、抢大险，层层压实防汛责任。⟧⟦D:«a:省水利厅»要在«l:主汛期到来前|other»完成«t:274座|274|座»小型病险水库除险加固。⟧⟦D:«a:各地»要提前预置抢险队伍和物资，确保遇到险情能够快速处置。⟧
关于⟦H:做好高校毕业生就业工作⟧，会议指出，今年全省高校毕业生达到41.3万人，创历史新高。⟦D:«a:各级人社部门»要会同«a:教育部门»开展“«p:百日千万招聘专项行动»”，«l:毕业生离校前|other»实现岗位信息推送全覆盖；⟧⟦D:«a:国有企业»要扩大高校毕业生招聘规模，«a:各地»要新开发基层公共服务岗位«t:1.2万个|12000|个»以上。⟧
会议审议并原则通过《苍屿省促进服务业领域困难行业恢复发展的若干措施》。会议要求，⟦D:«a:省发改委»要会同«a:省财政厅»等部门加强政策宣传解读，推动各项纾困措施«l:年内|year»落地见效。⟧
会议审议通过了《苍屿省省级储备粮管理办法（修订草案）》，决定⟦D:提请省人大常委会审议。⟧
会议还研究了其他事项。
"""))

DOCS.append(dict(name="zh12_chengyang_study_yiyao_nextyear", lang="zh", date="2026-11-03", body="""\
澄阳市委理论学习中心组举行专题学习会
2026年11月3日，澄阳市委理论学习中心组举行专题学习会，传达学习省委全会精神，研究部署贯彻落实工作和今冬明春重点工作。市委书记孔德明主持会议并讲话。
会议认为，省委全会是在关键时期召开的一次十分重要的会议，全会对全省发展作出了系统部署，为我们做好各项工作指明了方向。
会议强调，⟦D:要深刻领会全会对当前形势的科学判断，切实增强做好各项工作的信心和底气。⟧⟦D:要深刻领会全会提出的目标任务，把全会部署转化为推动全市高质量发展的具体举措。⟧⟦D:要深刻领会全会关于保障和改善民生的部署要求，坚持尽力而为、量力而行，办好群众家门口的实事。⟧⟦D:要深刻领会全会关于全面从严治党的部署要求，持之以恒正风肃纪反腐。⟧孔德明在讲话中回顾了今年以来全市贯彻落实省委部署取得的成效，1—9月全市地区生产总值增长5.8%，一般公共预算收入增长4.9%。
会议要求，⟦H:一要抓好全会精神宣传宣讲⟧，⟦D:«a:市委宣传部»要组建宣讲团，«l:11月底前|month»完成全市范围集中宣讲；⟧⟦D:«a:各级党组织»要通过“«p:三会一课»”等形式开展专题学习。⟧⟦H:二要冲刺全年目标任务⟧，⟦D:紧盯地区生产总值增长«t:6%|6|%»等主要指标，倒排工期、挂图作战，确保«l:今年底前|year»全面完成年度目标。⟧⟦H:三要提前谋划明年工作⟧，⟦D:«a:市发改委»要牵头谋划一批打基础、利长远的重大项目，确保«l:明年一季度|quarter»开工项目不少于«t:80个|80|个»；⟧⟦D:力争«l:明年上半年|half»完成新一轮城市更新专项规划编制。⟧⟦H:四要做好今冬明春民生保障⟧，⟦D:加强煤电油气运调度，确保«l:11月15日|date»前全市集中供暖全面启动；⟧⟦D:做好困难群众冬季救助和春节前后市场保供稳价工作；⟧⟦D:«a:市人社局»要开展根治欠薪冬季专项行动，确保«l:春节前|other»农民工工资全部足额支付。⟧
⟦D:五要统筹做好安全稳定工作。⟧
会议还研究了其他事项。
"""))



if __name__ == "__main__":
    if "--check" not in sys.argv:
        for d in DOCS:
            _write(d)
            if "--review" in sys.argv:
                review(d)
    sys.exit(verify())
