"""The fields of the pages' forms, bounded by the same lengths as the API's schemas.

Every text a form posts is one of these types, so a 10,000-character title or a
50,000-character report section is refused with a 422 naming the field (in the reader's
language, web/errors.py), never stored and never a 500. The lengths are
``kernel/fields.py``'s, shared with the request schemas and the model columns;
``tests/web/test_field_limits.py`` walks every form and fails on an unbounded one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form
from pydantic import Field

from luoshi.kernel.fields import CODE_MAX, LIST_MAX, NAME_MAX, NOTE_MAX, TEXT_MAX, TITLE_MAX

# A code, a status, a choice, a date or a number typed as text.
CodeForm = Annotated[str, Form(max_length=CODE_MAX)]
# A person's or a unit's name, a search, a period.
NameForm = Annotated[str, Form(max_length=NAME_MAX)]
# A title, a file name, a short free text.
TitleForm = Annotated[str, Form(max_length=TITLE_MAX)]
# A reason, a comment, an instruction, one section of a report.
NoteForm = Annotated[str, Form(max_length=NOTE_MAX)]
# A description.
TextForm = Annotated[str, Form(max_length=TEXT_MAX)]

# Repeated fields (several units, several answers): bounded in count and each in length.
CodeList = Annotated[
    list[Annotated[str, Field(max_length=CODE_MAX)]] | None, Form(max_length=LIST_MAX)
]
NoteList = Annotated[
    list[Annotated[str, Field(max_length=NOTE_MAX)]] | None, Form(max_length=LIST_MAX)
]
IdList = Annotated[list[int] | None, Form(max_length=LIST_MAX)]
