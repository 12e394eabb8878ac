"""Reading an IMS QTI 2.1 content package into a draft bank.

The manifest lists the items (resources of type ``imsqti_item_xmlv2p1``); each item becomes a
question when its interaction has a quizkit type: a ``choiceInteraction`` (single cardinality →
single best answer, or true/false when its choices are ``true`` and ``false``; multiple →
multiple response) or a ``matchInteraction`` (matching). The key is the ``correctResponse``;
each option's rationale is the ``modalFeedback`` with its identifier; the explanation and
citation come from a ``feedbackBlock`` in the documented form of :mod:`quizkit.interop.carry`,
and ids and metadata from a quizkit comment when the package came from quizkit. Any other item
is reported with its identifier; nothing is dropped silently.

Only the files the manifest names are read, each at most :data:`MAX_ENTRY` bytes; the XML is
parsed by the standard library's expat, which refuses entity-expansion bombs.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

from quizkit.interop.carry import BANK_NOTE_PREFIX, NOTE_PREFIX, decode_note, parse_feedback
from quizkit.interop.draft import DraftBank, DraftOption, DraftQuestion, Problem, is_identifier, slug, unique_ids
from quizkit.interop.giftread import _apply_bank_note
from quizkit.interop.qti import CP_NS, EXPLANATION, QTI_NS, quizkit_id

MAX_ENTRY = 20 * 1024 * 1024
_Q = f"{{{QTI_NS}}}"
_CP = f"{{{CP_NS}}}"
_BLOCKS = {"p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "tr"}


class QtiError(ValueError):
    """The package cannot be read at all; the message says why."""


def read_qti(data: bytes) -> DraftBank:
    """Every item of a QTI 2.1 package, as a draft bank; what cannot be represented is reported."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise QtiError("not a zip file: a QTI content package is a zip with imsmanifest.xml at its root") from None
    with archive:
        manifest = _parse(archive, "imsmanifest.xml")[0]
        draft = DraftBank()
        for resource in manifest.iter(f"{_CP}resource"):
            kind, href = resource.get("type", ""), resource.get("href", "")
            if kind.startswith("imsqti_test"):
                if draft.id is not None:
                    continue
                note = next((decode_note(BANK_NOTE_PREFIX, c) for c in _parse(archive, href)[1]), None)
                if note:
                    _apply_bank_note(draft, note)
            elif kind.startswith("imsqti_item"):
                try:
                    root, comments = _parse(archive, href)
                except QtiError as error:
                    draft.problems.append(Problem(f"resource {resource.get('identifier')}", f"{error}; not imported"))
                    continue
                question = _item(root, comments, href, draft.problems)
                if question is not None:
                    draft.questions.append(question)
            elif kind.startswith("imsqti"):
                draft.problems.append(Problem(f"resource {resource.get('identifier')}", f"{kind} is not read"))
    sections = {q.section for q in draft.questions} - {None}
    if draft.section is None and len(sections) == 1:
        draft.section = sections.pop()
    unique_ids(draft.questions)
    return draft


def _parse(archive: zipfile.ZipFile, name: str) -> tuple[ET.Element, list[str]]:
    """An XML file of the package and the text of its comments."""
    name = posixpath.normpath(name)
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise QtiError(f"{name} is not in the package") from None
    if info.file_size > MAX_ENTRY:
        raise QtiError(f"{name} is larger than {MAX_ENTRY // 1024 // 1024} MB")
    parser = ET.XMLParser()
    try:
        parser.feed(archive.read(info))
        root = parser.close()
    except ET.ParseError as error:
        raise QtiError(f"{name}: {error}") from None
    # Comments before the root element are not in the tree: read them all from the text.
    comments = re.findall(r"<!--(.*?)-->", archive.read(info).decode("utf-8", "replace"), re.S)
    return root, comments


def text_of(element: ET.Element) -> str:
    """The text of an element: ``<br/>`` as a line break, blocks (p, div...) as paragraphs."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        tag = child.tag.removeprefix(_Q)
        if tag == "br":
            parts.append("\n")
        elif tag in _BLOCKS:
            parts.append("\n\n" + text_of(child) + "\n\n")
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    text = "".join(parts)
    paragraphs = ["\n".join(" ".join(line.split()) for line in p.strip().split("\n")) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _item(root: ET.Element, comments: list[str], href: str, problems: list[Problem]) -> DraftQuestion | None:
    identifier = root.get("identifier", href)
    where = f"item {identifier}"
    qid = quizkit_id(identifier)
    body = root.find(f"{_Q}itemBody")
    interactions = [e for e in (body.iter() if body is not None else ()) if isinstance(e.tag, str)
                    and e.tag.endswith("Interaction")]
    if len(interactions) != 1 or interactions[0].tag not in (f"{_Q}choiceInteraction", f"{_Q}matchInteraction"):
        names = ", ".join(e.tag.removeprefix(_Q) for e in interactions) or "no interaction"
        problems.append(Problem(where, f"{names}: quizkit has a type only for one choiceInteraction or "
                                "matchInteraction per item; not imported"))
        return None
    interaction = interactions[0]
    declaration = next((d for d in root.iter(f"{_Q}responseDeclaration")
                        if d.get("identifier") == interaction.get("responseIdentifier")), None)
    response = declaration.find(f"{_Q}correctResponse") if declaration is not None else None
    correct = ([v.text.strip() for v in response.iter(f"{_Q}value") if v.text and v.text.strip()]
               if response is not None else [])
    prompt = interaction.find(f"{_Q}prompt")
    stem = text_of(prompt) if prompt is not None else "\n\n".join(
        text_of(e) for e in (body if body is not None else ()) if e is not interaction and e.tag != f"{_Q}feedbackBlock")
    if not is_identifier(qid):
        problems.append(Problem(where, f"the identifier is not a quizkit id; the question is '{slug(qid, 'item')}'"))
        qid = slug(qid, "item")
    if interaction.tag == f"{_Q}matchInteraction":
        sets = interaction.findall(f"{_Q}simpleMatchSet")
        if len(sets) != 2:
            problems.append(Problem(where, "a matchInteraction needs two simpleMatchSets; not imported"))
            return None
        premises = [DraftOption(quizkit_id(c.get("identifier", ""), "P_"), text_of(c)) for c in sets[0]
                    if c.tag == f"{_Q}simpleAssociableChoice"]
        options = [DraftOption(quizkit_id(c.get("identifier", ""), "O_"), text_of(c)) for c in sets[1]
                   if c.tag == f"{_Q}simpleAssociableChoice"]
        answer = {}
        for pair in correct:
            source, _, target = pair.partition(" ")
            answer[quizkit_id(source, "P_")] = quizkit_id(target.strip(), "O_")
        question = DraftQuestion(qid, "matching", stem, options, premises=premises, answer=answer)
        feedback_ids = {c.get("identifier"): o for c, o in zip(
            [c for c in sets[1] if c.tag == f"{_Q}simpleAssociableChoice"], options, strict=False)}
    else:
        choices = [c for c in interaction if c.tag == f"{_Q}simpleChoice"]
        options = [DraftOption(quizkit_id(c.get("identifier", "")), text_of(c)) for c in choices]
        keyed = [quizkit_id(v.strip()) for v in correct]
        feedback_ids = {c.get("identifier"): o for c, o in zip(choices, options, strict=False)}
        multiple = declaration is not None and declaration.get("cardinality") == "multiple"
        if not keyed:
            problems.append(Problem(where, "no correctResponse: the key is unknown; not imported"))
            return None
        if {o.id for o in options} == {"true", "false"} and not multiple:
            question = DraftQuestion(qid, "true_false", stem, sorted(options, key=lambda o: o.id != "true"),
                                     answer=keyed[0] == "true")
        elif multiple:
            question = DraftQuestion(qid, "multiple", stem, options, answer=keyed)
        else:
            question = DraftQuestion(qid, "single", stem, options, answer=keyed[0])
    bad = [o.id for o in question.options + question.premises if not is_identifier(o.id)]
    if bad:
        problems.append(Problem(where, f"choice identifiers {', '.join(bad)} are not quizkit ids; not imported"))
        return None
    for feedback in root.iter(f"{_Q}modalFeedback"):
        option = feedback_ids.get(feedback.get("identifier"))
        if option is not None:
            option.rationale = text_of(feedback) or None
    block = next((b for b in root.iter(f"{_Q}feedbackBlock") if b.get("identifier") == EXPLANATION), None)
    if block is not None:
        found = parse_feedback(text_of(block))
        question.explanation = found.explanation or None
        question.section, question.locator, question.quote = found.section, found.locator, found.quote
    note = next((n for n in (decode_note(NOTE_PREFIX, c) for c in comments) if n), None)
    if note is not None and note.get("id") == question.id:
        for key in ("objective", "difficulty", "cognitive_level"):
            if isinstance(note.get(key), str):
                setattr(question, key, note[key])
        question.tags = [t for t in note.get("tags", []) if is_identifier(t)]
        question.covers = [c for c in note.get("covers", []) if is_identifier(c)]
    return question
