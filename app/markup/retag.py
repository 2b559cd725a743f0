"""A moderator's re-tag: wrap chosen paragraphs, or one exact passage, of a source text
as a spoiler for an episode.

Pure text in, text out. The caller renders the result, so a wrap the markup cannot
hold (inside another spoiler, an episode out of range) is refused there, as a
SpoilerSyntaxError with its sentence.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# The end of a paragraph's last line and the blank lines after it.
BLANK_LINES = re.compile(r"\n(?:[ \t\r]*\n)+")


class RetagError(ValueError):
    """The chosen paragraphs or passage do not fit the text; the message says why."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source text (lines between blank lines), numbered from 1;
    `start` is the beginning of its first line and `end` the end of its last."""

    number: int
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of `text`, in order, with their spans in `text`."""
    found: list[Paragraph] = []
    position = 0
    for gap in [*BLANK_LINES.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        chunk = text[position:stop]
        if chunk.strip():
            first = len(chunk) - len(chunk.lstrip())
            start = position + chunk.rfind("\n", 0, first) + 1  # the start of its line
            end = position + len(chunk.rstrip())
            found.append(Paragraph(len(found) + 1, start, end, text[start:end]))
        position = gap.end() if gap else stop
    return found


def wrap_paragraphs(text: str, numbers: Iterable[int], *, episode: int) -> str:
    """`text` with the paragraphs `numbers` (from 1) each inside a block spoiler for
    `episode`; neighbouring chosen paragraphs share one. Raises RetagError for none
    chosen or a number that is not a paragraph of `text`."""
    found = paragraphs(text)
    chosen = sorted(set(numbers))
    if not chosen:
        raise RetagError("Choose at least one paragraph to hide.")
    missing = [number for number in chosen if not 1 <= number <= len(found)]
    if missing:
        raise RetagError(f"There is no paragraph {missing[0]}: the text has {len(found)}.")
    runs: list[list[int]] = []
    for number in chosen:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in reversed(runs):  # from the end, so earlier spans stay where they are
        start, end = found[run[0] - 1].start, found[run[-1] - 1].end
        text = f"{text[:start]}[spoiler ep={episode}]\n{text[start:end]}\n[/spoiler]{text[end:]}"
    return text


def wrap_passage(text: str, passage: str, *, episode: int) -> str:
    """`text` with the first occurrence of `passage` (trimmed) inside a spoiler for
    `episode`: a block when it spans lines, inline otherwise. Raises RetagError when the
    passage is not in the text exactly."""
    passage = passage.strip()
    if not passage or passage not in text:
        raise RetagError("That passage is not in the text; copy it exactly, or choose paragraphs.")
    if "\n" in passage:
        tagged = f"[spoiler ep={episode}]\n{passage}\n[/spoiler]"
    else:
        tagged = f"[spoiler ep={episode}]{passage}[/spoiler]"
    return text.replace(passage, tagged, 1)
