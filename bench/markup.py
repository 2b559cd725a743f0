"""`make bench-markup`: what rendering a member's Markdown can cost, worst shapes first.

For each family of pathological input (issue 14: unmatched brackets, spoilers by the
thousand, deep nesting, long runs of every markup character, and more), renders the
family's input at the posting limit through `render_document`, the one entry point for
reviews, comments and previews: 60,000 characters (a review) and 4,000 (a comment). It
reports whether the markup guard (app/markup/limits.py) refused the input or let it
render, the time either took, and that time beside a plain 60,000-character review's.
For a family refused at 60,000 characters it also finds the largest input of the
family the guard still accepts (bisecting on its size), which is the costliest render
of that family anyone can cause, and shows that render's time beside the guard's
estimate of it.

Targets: every input that renders does so in ≤ 100 ms, and the worst family costs
≤ 10× the plain review. Times are the best of BENCH_MARKUP_RUNS runs (default 3) in
process CPU time, which other work on the machine does not inflate (the costliest
accepted render's wall time is shown too). Prints the table and writes it to
bench/results/<date>-markup.md. No database, no server: under a minute.
"""

import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import app.markup.render as markup_render  # noqa: E402
from app.markup import SpoilerSyntaxError, limits, render_document  # noqa: E402

REVIEW, COMMENT = 60_000, 4_000
EPISODES = 16
TARGET_MS = 100
TARGET_RATIO = 10
RESULTS = Path(__file__).resolve().parent / "results"

PARAGRAPH = (
    "Episode by episode, the show builds its world out of small, specific things: a "
    "workplace ritual, a family dinner that goes *wrong*, a song on the car radio. The "
    "writers are patient, and the show asks you to be patient too; the performances "
    "deserve a paragraph each, but nobody in this cast plays a type. Even the antagonist "
    "gets a scene that explains, without excusing, why he became who he is.\n\n"
)

LIST = "What worked:\n\n- the cast\n- the **music**\n- the [ending](https://example.com/x)\n\n"


def plain_review(size: int) -> str:
    """A long-form review as the community writes them: headings, paragraphs with some
    emphasis, a link, a short list, and a block spoiler every few paragraphs."""
    parts, number = [], 0
    while sum(map(len, parts)) < size - 1_000:
        number += 1
        if number % 8 == 1:
            parts.append(f"### Part {number // 8 + 1}\n\n")
        if number % 5 == 0:
            episode = number % EPISODES + 1
            parts.append(f"[spoiler ep={episode}]\n{PARAGRAPH.strip()}\n[/spoiler]\n\n")
        elif number % 13 == 0:
            parts.append(LIST)
        else:
            parts.append(PARAGRAPH)
    return "".join(parts)


def repeat(unit: str) -> Callable[[int], str]:
    """A family made of `unit` repeated up to the size."""
    return lambda size: unit * (size // len(unit))


def around(opening: str, closing: str) -> Callable[[int], str]:
    """Openings then closings, nested as deep as the size allows."""
    return lambda size: (
        opening * (size // (2 * len(opening))) + closing * (size // (2 * len(closing)))
    )


def indented_list(size: int) -> str:
    """A list nested by indentation, one level deeper each line."""
    lines, total, depth = [], 0, 0
    while total + 4 * depth + 4 < size:
        lines.append("    " * depth + "- a\n")
        total += len(lines[-1])
        depth += 1
    return "".join(lines)


FAMILIES: list[tuple[str, Callable[[int], str]]] = [
    ("unmatched [", repeat("[")),
    ("unmatched ![", repeat("![")),
    ("unmatched [(", repeat("[(")),
    ("[]( without )", repeat("[](")),
    ("||a|| spoilers", repeat("||a|| ")),
    ("#\\n (empty headings)", repeat("#\n")),
    ("nested lists, one line", lambda size: "- " * (size // 2 - 1) + "a"),
    ("nested ordered lists", lambda size: "1. " * (size // 3 - 1) + "a"),
    ("nested lists, indented", indented_list),
    ("nested quotes >>>", repeat(">")),
    ("nested quotes > > >", repeat("> ")),
    ("nested emphasis", around("*a ", "a* ")),
    ("nested strong", around("**a ", "a** ")),
    ("nested brackets", around("[", "]")),
    ("nested links", around("[a ", "](b) ")),
    ("[x][ references", repeat("[x][")),
    ("many links", repeat("[a](https://example.com/a) ")),
    ("links with titles", repeat('[a](https://example.com "t") ')),
    ('[](" open titles', repeat('[](" ')),
    ("[](< open addresses", repeat("[](<")),
    ("paragraphs", repeat("a\n\n")),
    ("list items", repeat("- a\n")),
    ("headings in one block", repeat("# a\n")),
    ("headings apart", repeat("# a\n\n")),
    ("setext underlines", repeat("a\n=\n")),
    ("rules in one block", repeat("a\n***\n")),
    ("reference definitions", repeat("[a]:\n")),
    ("code fences", repeat("```\n")),
    ("backtick runs ``a`", repeat("``a`")),
    ("code spans", repeat("`a` ")),
    ("unmatched backticks", repeat("` x ")),
    ("code span and [", repeat("`a` [ ")),
    ("emphasis", repeat("*a* ")),
    ("emphasis *a _", repeat("*a _")),
    ("escapes", repeat("\\* ")),
    ("entities & ", repeat("& ")),
    ("raw HTML", repeat("<b>a</b> ")),
    ("autolinks", repeat("<https://example.com> ")),
    ("hard line breaks", repeat("a  \n")),
    ("spoilers with markup", repeat("||*a*|| ")),
    ("block spoilers", repeat("[spoiler]\nb\n[/spoiler]\n\n")),
    ("Korean prose", repeat("정말 좋은 드라마였어요. ")),
    ("one long word", repeat("x")),
    *[
        (f"run of {name}", repeat(char))
        for name, char in [
            ("*", "*"),
            ("_", "_"),
            ("`", "`"),
            ("#", "#"),
            (">", ">"),
            ("-", "-"),
            ("+", "+"),
            ("=", "="),
            ("~", "~"),
            ("!", "!"),
            ("|", "|"),
            ("\\", "\\"),
            ("[", "["),
            ("]", "]"),
            ("(", "("),
            (")", ")"),
            ("<", "<"),
            ("&", "&"),
            (":", ":"),
            (".", "."),
            ("'", "'"),
            ('"', '"'),
            ("space", " "),
            ("tab", "\t"),
            ("newline", "\n"),
        ]
    ],  # fmt: skip
]


@dataclass
class Outcome:
    """One input's fate: refused (with the sentence) or rendered, and what it took."""

    refused: str | None
    cpu_ms: float
    wall_ms: float
    estimate_ms: float | None


class _Recording(limits.Budget):
    """The guard's budget, noting its running estimate (the last one is the document's)."""

    last_ns: float | None = None

    def add(self, *args, **options) -> None:
        """Add a piece, as the guard does, and note the total."""
        try:
            super().add(*args, **options)
        finally:
            _Recording.last_ns = self.total

    def add_spoiler(self, *args, **options) -> None:
        """Add a spoiler, as the guard does, and note the total."""
        try:
            super().add_spoiler(*args, **options)
        finally:
            _Recording.last_ns = self.total


def measure(text: str, runs: int) -> Outcome:
    """Render `text` `runs` times; the best times, and the guard's verdict."""
    cpu, wall, refused = [], [], None
    for _ in range(runs):
        _Recording.last_ns = None
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            render_document(text, episode_count=EPISODES)
        except SpoilerSyntaxError as error:
            refused = str(error)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    estimate = None if _Recording.last_ns is None else _Recording.last_ns / 1e6
    return Outcome(refused, min(cpu) * 1000, min(wall) * 1000, estimate)


def largest_accepted(make: Callable[[int], str], runs: int) -> tuple[int, Outcome]:
    """The largest size up to REVIEW at which the family's input is still accepted,
    found by bisection (a longer input of one family never costs less), and its render."""
    low, high = 0, REVIEW  # accepted at low, refused at high
    while high - low > 1:
        middle = (low + high) // 2
        if measure(make(middle), 1).refused is None:
            low = middle
        else:
            high = middle
    return len(make(low)), measure(make(low), runs)


def row(name: str, review: Outcome, edge: tuple[int, Outcome], comment: Outcome, plain_ms: float):
    """One line of the table."""

    def verdict(outcome: Outcome) -> str:
        return "rendered" if outcome.refused is None else "refused"

    size, accepted = edge
    estimate = "—" if accepted.estimate_ms is None else f"{accepted.estimate_ms:,.1f}"
    return (
        f"| {name} | {verdict(review)} | {review.cpu_ms:,.1f} | {review.cpu_ms / plain_ms:.2f} "
        f"| {size:,} | {accepted.cpu_ms:,.1f} | {accepted.wall_ms:,.1f} | {estimate} "
        f"| {verdict(comment)} | {comment.cpu_ms:,.1f} |"
    )


def main() -> None:
    """Measure every family, print the table, write the results file."""
    runs = int(os.environ.get("BENCH_MARKUP_RUNS", "3"))
    load_before = os.getloadavg()[0]
    plain = measure(plain_review(REVIEW), runs)
    assert plain.refused is None, plain.refused
    lines = [
        "| family | 60,000 | CPU ms | × plain | largest accepted | CPU ms | wall ms "
        "| estimate ms | 4,000 | CPU ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|",
        row(
            "plain review (baseline)",
            plain,
            (REVIEW, plain),
            measure(plain_review(COMMENT), runs),
            plain.cpu_ms,
        ),
    ]
    outcomes: list[tuple[str, Outcome, Outcome, Outcome]] = []  # 60,000, 4,000, largest
    for name, make in FAMILIES:
        review, comment = measure(make(REVIEW), runs), measure(make(COMMENT), runs)
        edge = largest_accepted(make, runs) if review.refused else (len(make(REVIEW)), review)
        outcomes.append((name, review, comment, edge[1]))
        lines.append(row(name.replace("|", "\\|"), review, edge, comment, plain.cpu_ms))
        print(lines[-1], file=sys.stderr, flush=True)
    table = "\n".join(lines)
    print(table)
    summary = targets(plain, outcomes)
    print("\n".join(summary))
    write(table, summary, outcomes, runs, load_before)


def targets(plain: Outcome, outcomes: list) -> list[str]:
    """The two targets, met or not, with the worst cases: every render of an accepted
    input (at 60,000, at 4,000 and the largest accepted) and the costliest family."""
    rendered = [(name, o.cpu_ms) for name, *found in outcomes for o in found if o.refused is None]
    rendered.append(("plain review", plain.cpu_ms))
    slowest_name, slowest = max(rendered, key=lambda item: item[1])
    worst_name, worst = max(((n, r.cpu_ms) for n, r, *_ in outcomes), key=lambda item: item[1])
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    return [
        f"- every rendered input ≤ {TARGET_MS} ms: slowest {slowest_name}, {slowest:,.1f} ms: "
        f"{met(slowest <= TARGET_MS)}",
        f"- worst family ≤ {TARGET_RATIO}× the plain review ({plain.cpu_ms:,.1f} ms): "
        f"{worst_name}, {worst:,.1f} ms = {worst / plain.cpu_ms:.2f}×: "
        f"{met(worst <= TARGET_RATIO * plain.cpu_ms)}",
    ]


def write(table: str, summary: list[str], outcomes, runs: int, load_before: float) -> None:
    """bench/results/<date>-markup.md: the table, the targets, the refusals, conditions."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True,
                           cwd=ROOT).stdout.strip()  # fmt: skip
    refusals = sorted({r.refused for _, r, *_ in outcomes if r.refused})
    now = datetime.now()
    text = "\n".join([
        f"# Markup rendering cost {now:%Y-%m-%d %H:%M}", "",
        "Each family's input at the posting limits (60,000 characters: a review; 4,000: a "
        "comment) through `render_document`: rendered or refused by the markup guard "
        "(app/markup/limits.py), and the best of the runs' CPU times; × plain is over the "
        "plain review's. Largest accepted: the longest input of the family (up to 60,000) "
        "the guard lets render, the best CPU and wall times of its render, and the "
        "guard's estimate of it.", "",
        table, "", "## Against the targets", "", *summary, "",
        "## What the refused inputs were told (60,000 characters)", "",
        *[f"- {message}" for message in refusals], "",
        "## Conditions", "",
        f"- commit {commit}{' with uncommitted changes' if dirty else ''}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs",
        f"- best of {runs} runs per input; guard budget {limits.BUDGET_NS / 1e6:.0f} ms "
        f"(estimated), lists and quotes nested at most {limits.MAX_DEPTH} deep",
        f"- load average before / after the run: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        "",
    ])  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{now:%Y-%m-%d}-markup.md"
    path.write_text(text)
    print(f"written to {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    markup_render.Budget = _Recording  # the guard's estimate, for the table
    main()
