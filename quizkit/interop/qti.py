"""IMS QTI 2.1 export: a content package (zip) that Moodle, Canvas and other platforms import.

The package holds ``imsmanifest.xml`` at its root (IMS Content Packaging 1.1), one
``items/<id>.xml`` per question and one ``tests/<bank id>.xml`` per bank, each listed in the
manifest with its files and dependencies. It validates against the QTI 2.1 and CP 1.1 schemas.

* Identifiers are XML names: an id that starts with a digit gets a leading ``_`` (quizkit ids
  never start with one, so the importer takes it off again); a matching question's premises and
  options are ``P_<id>`` and ``O_<id>``, which keeps the two sets apart.
* Scoring is standard response processing, its rules written out in full (some engines, pyslet
  among them, do not fetch templates): ``match_correct`` for single best answer and true/false;
  ``map_response`` for multiple response (+1 for each keyed option, −1 for any other, never below
  0: quizkit's own scoring) and for matching (+1 a correct pair). ``MAXSCORE`` says what full
  marks are. One more rule sets ``FEEDBACK``: the options chosen (every option, for matching) and
  ``EXPLANATION``.
* Each option's rationale is a ``modalFeedback`` shown when the option is chosen; the item body
  ends with a ``feedbackBlock`` holding the explanation and the citation as labelled lines (see
  :mod:`quizkit.interop.carry`), shown once the item is answered.
* An XML comment in each item and test carries quizkit's metadata (the note of :mod:`.carry`).

The zip is reproducible: entries sorted, fixed timestamps and permissions, stored uncompressed
(compressed bytes depend on the zlib build; stored bytes do not).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence

from quizkit.bank.model import Bank, Question, QuestionType, Sources
from quizkit.interop.carry import (
    BANK_NOTE_PREFIX,
    NOTE_PREFIX,
    bank_note,
    citation_lines,
    clean,
    encode_note,
    question_note,
)

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
RP_TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
EXPLANATION = "EXPLANATION"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def qti_id(value: str, prefix: str = "") -> str:
    """A quizkit id as an XML name (NCName): ``prefix`` + id, or ``_`` + id if it starts with a digit."""
    value = prefix + value
    return f"_{value}" if value[0].isdigit() else value


def quizkit_id(value: str, prefix: str = "") -> str:
    """The inverse of :func:`qti_id`."""
    value = value[1:] if value.startswith("_") else value
    return value.removeprefix(prefix)


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _lines(parent: ET.Element, text: str) -> None:
    """Text into ``parent``, line breaks as ``<br/>`` (XML would fold them into spaces)."""
    lines = text.split("\n")
    parent.text = lines[0]
    for line in lines[1:]:
        _el(parent, "br").tail = line


def export_qti(banks: Sequence[Bank], sources: Sources | None) -> bytes:
    """The banks as a QTI 2.1 content package (zip bytes)."""
    files: dict[str, bytes] = {}
    manifest = _el(None, "manifest", identifier="MANIFEST-quizkit", xmlns=CP_NS,
                   **{"xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{CP_NS} {CP_XSD}"})
    metadata = _el(manifest, "metadata")
    _el(metadata, "schema", "QTIv2.1 Package")
    _el(metadata, "schemaversion", "1.0.0")
    _el(manifest, "organizations")
    resources = _el(manifest, "resources")
    for bank in banks:
        refs = []
        for question in bank.questions:
            href = f"items/{question.id}.xml"
            files[href] = _document(item_xml(question, sources), encode_note(NOTE_PREFIX, question_note(question), xml=True))
            resource = _el(resources, "resource", identifier=qti_id(question.id, "ITEM-"), type="imsqti_item_xmlv2p1", href=href)
            _el(resource, "file", href=href)
            refs.append(question)
        href = f"tests/{bank.id}.xml"
        files[href] = _document(test_xml(bank), encode_note(BANK_NOTE_PREFIX, bank_note(bank), xml=True))
        resource = _el(resources, "resource", identifier=qti_id(bank.id, "TEST-"), type="imsqti_test_xmlv2p1", href=href)
        _el(resource, "file", href=href)
        for question in refs:
            _el(resource, "dependency", identifierref=qti_id(question.id, "ITEM-"))
    files["imsmanifest.xml"] = _document(manifest, None)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def _document(root: ET.Element, note: str | None) -> bytes:
    ET.indent(root, space="  ")
    comment = f"<!-- {note} -->\n" if note else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{comment}'.encode()
            + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n")


def test_xml(bank: Bank) -> ET.Element:
    """One bank as an assessmentTest: one part, one section, its items in bank order."""
    test = _el(None, "assessmentTest", identifier=qti_id(bank.id), title=bank.title, xmlns=QTI_NS,
               **{"xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{QTI_NS} {QTI_XSD}"})
    part = _el(test, "testPart", identifier="PART", navigationMode="nonlinear", submissionMode="simultaneous")
    section = _el(part, "assessmentSection", identifier=qti_id(bank.section, "SECTION-"), title=bank.title, visible="true")
    for question in bank.questions:
        _el(section, "assessmentItemRef", identifier=qti_id(question.id), href=f"../items/{question.id}.xml")
    return test


def item_xml(question: Question, sources: Sources | None) -> ET.Element:
    """One question as an assessmentItem."""
    kind = question.type
    item = _el(None, "assessmentItem", identifier=qti_id(question.id), title=question.id, adaptive="false",
               timeDependent="false", xmlns=QTI_NS,
               **{"xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{QTI_NS} {QTI_XSD}"})
    matching = kind is QuestionType.MATCHING
    option_id = (lambda o: qti_id(o, "O_")) if matching else qti_id
    cardinality = "single" if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE) else "multiple"
    response = _el(item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality,
                   baseType="directedPair" if matching else "identifier")
    correct = _el(response, "correctResponse")
    if matching:
        pairs = [f"{qti_id(p, 'P_')} {option_id(o)}" for p, o in question.matches]
        for pair in pairs:
            _el(correct, "value", pair)
        mapping = _el(response, "mapping", lowerBound="0", defaultValue="0")
        for pair in pairs:
            _el(mapping, "mapEntry", mapKey=pair, mappedValue="1")
        max_score = len(pairs)
    else:
        keyed = [o.id for o in question.options if o.id in question.key]
        for keyed_id in keyed:
            _el(correct, "value", option_id(keyed_id))
        max_score = 1
        if kind is QuestionType.MULTIPLE:
            mapping = _el(response, "mapping", lowerBound="0", defaultValue="0")
            for option in question.options:
                _el(mapping, "mapEntry", mapKey=option_id(option.id), mappedValue="1" if option.id in question.key else "-1")
            max_score = len(keyed)
    for name, value in (("SCORE", "0"), ("MAXSCORE", str(max_score))):
        outcome = _el(item, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
        _el(_el(outcome, "defaultValue"), "value", value)
    _el(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")
    body = _el(item, "itemBody")
    if matching:
        interaction = _el(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                          maxAssociations=str(len(question.premises)))
        _lines(_el(interaction, "prompt"), clean(question.stem))
        premises = _el(interaction, "simpleMatchSet")
        for premise in question.premises:
            _lines(_el(premises, "simpleAssociableChoice", identifier=qti_id(premise.id, "P_"), matchMax="1"),
                   clean(premise.text))
        options = _el(interaction, "simpleMatchSet")
        for option in question.options:
            _lines(_el(options, "simpleAssociableChoice", identifier=option_id(option.id), matchMax="1"), clean(option.text))
    else:
        interaction = _el(body, "choiceInteraction", responseIdentifier="RESPONSE",
                          shuffle="false" if kind is QuestionType.TRUE_FALSE else "true",
                          maxChoices="1" if cardinality == "single" else "0")
        _lines(_el(interaction, "prompt"), clean(question.stem))
        for option in question.options:
            _lines(_el(interaction, "simpleChoice", identifier=option_id(option.id)), clean(option.text))
    block = _el(body, "feedbackBlock", outcomeIdentifier="FEEDBACK", identifier=EXPLANATION, showHide="show")
    for paragraph in clean(question.explanation).split("\n\n"):
        _lines(_el(block, "p"), paragraph)
    _lines(_el(block, "p", **{"class": "citation"}), "\n".join(citation_lines(question, sources)))
    _response_processing(item, question)
    for option in question.options:
        feedback = _el(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=option_id(option.id),
                       showHide="show", title=clean(option.text))
        _lines(feedback, clean(option.rationale))
    return item


def _response_processing(item: ET.Element, question: Question) -> None:
    """The standard template's rules, then FEEDBACK: what was chosen, and the explanation."""
    processing = _el(item, "responseProcessing")
    condition = _el(processing, "responseCondition")
    if question.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):  # match_correct
        branch = _el(condition, "responseIf")
        test = _el(branch, "match")
        _el(test, "variable", identifier="RESPONSE")
        _el(test, "correct", identifier="RESPONSE")
        _el(_el(branch, "setOutcomeValue", identifier="SCORE"), "baseValue", "1", baseType="float")
        _el(_el(_el(condition, "responseElse"), "setOutcomeValue", identifier="SCORE"), "baseValue", "0", baseType="float")
    else:  # map_response
        branch = _el(condition, "responseIf")
        _el(_el(branch, "isNull"), "variable", identifier="RESPONSE")
        _el(_el(branch, "setOutcomeValue", identifier="SCORE"), "baseValue", "0.0", baseType="float")
        _el(_el(_el(condition, "responseElse"), "setOutcomeValue", identifier="SCORE"), "mapResponse", identifier="RESPONSE")
    shown = _el(_el(processing, "setOutcomeValue", identifier="FEEDBACK"), "multiple")
    if question.type is QuestionType.MATCHING:
        for option in question.options:
            _el(shown, "baseValue", qti_id(option.id, "O_"), baseType="identifier")
    else:
        _el(shown, "variable", identifier="RESPONSE")
    _el(shown, "baseValue", EXPLANATION, baseType="identifier")
