"""The screen a trainee answers on, in practice or exam mode."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from quizkit.bank.model import QuestionType
from quizkit.engine.attempt import Attempt, AttemptError, Confidence
from quizkit.engine.draft import Draft
from quizkit.engine.quiz import Mode, QuizItem
from quizkit.history.recorder import Recorder, Write
from quizkit.tui.render import LETTERS, feedback, label, letter
from quizkit.tui.screens.base import QuizkitScreen
from quizkit.tui.widgets.choice_row import ChoiceRow
from quizkit.tui.widgets.footer import Footer

MAX_KEYED_OPTIONS = 9
#: Time left, in seconds, at which an exam's countdown warns: five minutes, then one.
WARN_SECONDS = (300, 60)
MOVE = Binding.Group("Move")  # one footer entry for both keys, so every key fits at 80 columns
LOOK = Binding.Group("Look back")  # practice's use of the same keys
#: Columns the practice footer needs with Skip and Look back in it; below, they work unlisted.
PRACTICE_FOOTER_COLUMNS = 70


def _pick_bindings() -> list[Binding]:
    """Digits 1-9 and letters a-f pick an option; one footer entry stands for them all."""
    bindings = [Binding("1", "pick(0)", "Pick", key_display="1-9")]  # the letters too; short to fit 60 columns
    bindings += [Binding(str(i + 1), f"pick({i})", show=False) for i in range(1, MAX_KEYED_OPTIONS)]
    bindings += [Binding(letter, f"pick({i})", show=False) for i, letter in enumerate(LETTERS)]
    return bindings


class QuestionScreen(QuizkitScreen[None]):
    CSS_PATH = "question.tcss"
    BINDINGS = [
        *_pick_bindings(),
        Binding("space", "toggle_highlighted", "Toggle", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("backspace", "clear", "Clear", show=False),
        # One key, two meanings: the footer calls it Next after the feedback and in exams (footer_description).
        Binding("enter", "submit", "Submit"),
        Binding("s", "confidence('sure')", "Sure?", key_display="s/u/g"),
        Binding("u", "confidence('unsure')", "Unsure", show=False),
        Binding("g", "confidence('guessed')", "Guessed", show=False),
        # In an exam the same keys, left out of the footer: there Next, Move and Review need its room.
        Binding("s", "exam_confidence('sure')", "Sure", show=False),
        Binding("u", "exam_confidence('unsure')", "Unsure", show=False),
        Binding("g", "exam_confidence('guessed')", "Guessed", show=False),
        Binding("o", "open_section", "Source"),
        Binding("m", "flag", "Flag"),
        Binding("left,p", "move(-1)", "Prev", group=MOVE),
        Binding("right,n", "move(1)", "Next", group=MOVE),
        # Practice: the same keys look back at earlier answers' feedback (read-only); k puts the question off.
        Binding("left,p", "look(-1)", "Earlier", group=LOOK),
        Binding("right,n", "look(1)", "Later", group=LOOK),
        Binding("k", "skip", "Skip"),
        # Their twins for a terminal too narrow to list them (check_action): the keys still work.
        Binding("left,p", "look_unlisted(-1)", "Earlier", show=False),
        Binding("right,n", "look_unlisted(1)", "Later", show=False),
        Binding("k", "skip_unlisted", "Skip", show=False),
        Binding("r", "review", "Review"),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False),
        Binding("escape,q", "quit_quiz", "Quit", key_display="q"),
    ]

    def __init__(self, recorder: Recorder) -> None:
        """``recorder`` writes the attempt to the history (and keeps what it cannot write yet)."""
        super().__init__()
        self.recorder = recorder
        self.attempt: Attempt = recorder.attempt
        self.cursor = 0
        self.draft = Draft(self.attempt.item)
        #: Practice: how sure the trainee says they are of the answer being put together, and
        #: whether Enter has asked for it (the next Enter submits without it).
        self.certainty: Confidence | None = None
        self.asking_certainty = False
        # Warnings already given, so that each is given once (and not at all for a shorter limit).
        limit = self.attempt.quiz.spec.time_limit_seconds or 0
        self._warned: set[int] = {seconds for seconds in WARN_SECONDS if seconds >= limit}

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="body", can_focus=False):
            yield Static(id="looking-back")
            yield Static(id="stem")
            yield Vertical(id="choices")
            yield Static(id="ask-certainty")
            yield Static(id="feedback")
        yield Footer(compact=True, show_command_palette=False)  # room for every quiz key at 80 columns

    async def on_mount(self) -> None:
        if self.attempt.quiz.spec.time_limit_seconds:
            self.set_interval(1.0, self._tick)
        # The timers are saved with every answer and move; this bounds what a kill loses of them.
        self.set_interval(5.0, lambda: self._save(Write.PROGRESS))
        await self.show_question()

    # -- state shown ------------------------------------------------------------------------------
    @property
    def item(self) -> QuizItem:
        return self.attempt.item

    @property
    def answered(self) -> bool:
        return self.attempt.current in self.attempt.answers

    @property
    def shown_item(self) -> QuizItem:
        """The question on screen: an earlier one while looking back, else the current one."""
        return self.attempt.quiz.items[self.attempt.shown]

    @property
    def showing_feedback(self) -> bool:
        return self.attempt.looking_back or self.attempt.may_show_feedback()

    async def show_question(self) -> None:
        """Rebuild the rows for the current question, starting from any answer already given."""
        answer = self.attempt.answers.get(self.attempt.current)
        self.draft = Draft.of(self.item, answer.response if answer else None)
        self.cursor = 0
        self.certainty, self.asking_certainty = None, False
        question = self.item.question
        self._show_stem()
        choices = self.query_one("#choices", Vertical)
        await choices.remove_children()
        rows: list[Static] = []
        if question.type is QuestionType.MATCHING:
            rows.append(Static(Text("Pair each item (↑↓ to choose it) with an option (its key):", style="italic"), classes="hint"))
            rows += [ChoiceRow(i, premise.text, id=f"premise-{i}") for i, premise in enumerate(self.item.premises)]
            rows.append(Static(Text("Options", style="bold"), classes="hint"))
            rows += [Static(Text(f"   {label(i)} {option.text}"), classes="legend") for i, option in enumerate(self.item.options)]
        else:
            if question.type is QuestionType.MULTIPLE:
                rows.append(Static(Text("Select all that apply (space or its key toggles), then Enter.", style="italic"), classes="hint"))
            rows += [ChoiceRow(i, f"{label(i)} {option.text}", id=f"option-{i}") for i, option in enumerate(self.item.options)]
        await choices.mount_all(rows)
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.refresh_rows()

    def _show_stem(self) -> None:
        """The stem of the question on screen, and above it, while looking back, what is shown and how to go back."""
        attempt = self.attempt
        self.query_one("#stem", Static).update(Text(self.shown_item.question.stem.strip()))
        banner = self.query_one("#looking-back", Static)
        banner.display = attempt.looking_back
        if attempt.looking_back:
            trail = attempt.answered_in_order()
            banner.update(Text(f"Looking back: answer {trail.index(attempt.shown) + 1} of {len(trail)}, final · ← → "
                               f"· Enter: back to question {attempt.current + 1}"))

    def refresh_rows(self) -> None:
        """Draw the rows, or, once the answer is in, the feedback in their place. The feedback
        lists every option again with its mark and rationale, right below the stem, so the
        verdict, the key and the citation are on screen without scrolling to them (a scroll
        that cost a frame of its own, about 30 ms)."""
        done = self.showing_feedback
        self.query_one("#choices").display = not done
        self.query_one("#ask-certainty").display = self.asking_certainty and not done
        panel = self.query_one("#feedback", Static)
        panel.display = done
        if done:
            panel.update(feedback(self.shown_item, self.attempt.answers.get(self.attempt.shown), self.quiz_app.sources))
        else:
            panel.update("")
            self._draw_rows()
        self._update_status()
        self.refresh_bindings()

    def _draw_rows(self) -> None:
        question = self.item.question
        for row in self.query(ChoiceRow):
            cursor = row.index == self.cursor
            if question.type is QuestionType.MATCHING:
                premise = self.item.premises[row.index]
                paired = self.draft.paired_with(premise.id)
                if paired is None:
                    body = f"{premise.text}  →  ?"
                else:
                    body = f"{premise.text}  →  {letter(self.item.option_order.index(paired))}) {question.option(paired).text}"
                row.show(marker="▸" if cursor else " ", body=body, cursor=cursor, chosen=paired is not None)
            else:
                picked = self.item.options[row.index].id in self.draft.chosen
                boxes = ("[x]", "[ ]") if question.type is QuestionType.MULTIPLE else ("(•)", "( )")
                row.show(marker=boxes[0] if picked else boxes[1], cursor=cursor, chosen=picked)

    def _update_status(self) -> None:
        attempt = self.attempt
        shown = attempt.shown
        question = self.shown_item.question
        section = self.quiz_app.sources.section(question.cite.source, question.cite.section)
        # (text, when it goes): a part with a number is left out, highest first, while the row is
        # wider than the screen, so the line stays one row (at its longest, "⏱ 29:59 ⚠ · Exam
        # 120/220 · 119 answered · Part 10 · ⚑ · guessed · seed 123456", 82 columns): the seed
        # first (the results show it), then the part, then the count answered. The time left, the
        # position, the flag and the certainty always stay.
        parts: list[tuple[str, int]] = []
        remaining = attempt.remaining()
        if remaining is not None:
            warning = " ⚠" if remaining <= WARN_SECONDS[0] else ""  # in words on the toasts; the mark stays in view
            parts.append((f"⏱ {int(remaining) // 60:02d}:{int(remaining) % 60:02d}{warning}", 0))
        origin = attempt.quiz.spec.origin  # a retry or review says so, not just "Practice"
        mode = origin.label if origin is not None else attempt.mode.value.title()
        parts.append((f"{mode} {shown + 1}/{len(attempt.quiz)}", 0))
        # Taken in order, the question number says how many are answered; not after a skip or while looking back.
        in_order = len(attempt.answers) == attempt.current + (attempt.current in attempt.answers)
        if attempt.mode is Mode.EXAM or attempt.looking_back or not in_order:
            parts.append((f"{len(attempt.answers)} answered", 1))
        # The question's type is not repeated here: its hint line says it.
        parts.append((f"Part {section.number}" if section else question.cite.section, 2))
        if shown in attempt.flags:
            parts.append(("⚑", 0))
        answer = attempt.answers.get(shown)
        stated = answer.confidence if answer else None if attempt.looking_back else self.certainty
        if stated:
            parts.append((stated.value, 0))
        parts.append((f"seed {attempt.quiz.seed}", 3))
        width = self.app.size.width - 2  # the status line's padding
        while cell_len(line := " · ".join(text for text, _ in parts)) > width and (worst := max(rank for _, rank in parts)):
            parts = [(text, rank) for text, rank in parts if rank != worst]
        self.query_one("#status", Static).update(Text(line))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys apply now. The exam's keys are there in exams only; within a question, a key
        that does not apply yet is greyed out (None) rather than removed, so that the footer
        changes in place instead of being rebuilt on every answer (widgets/footer.py)."""
        attempt = self.attempt
        exam = attempt.mode is Mode.EXAM
        if action in ("move", "review", "exam_confidence"):
            return exam
        unlisted = self.size.width < PRACTICE_FOOTER_COLUMNS
        if action in ("look_unlisted", "skip_unlisted"):
            return not exam and unlisted
        if action == "look":
            if exam or unlisted:
                return False
            # Greyed out until there is an earlier answer to look at.
            return True if attempt.looking_back or any(i != attempt.current for i in attempt.answers) else None
        if action == "skip":
            if exam or unlisted:
                return False
            return None if self.showing_feedback else True  # the only question left: it offers to finish
        if action == "confidence":
            # Practice: how sure, once something is picked and until the answer is shown (then final).
            # Exams: exam_confidence, off the footer.
            return False if exam else (None if self.showing_feedback or self.draft.is_empty else True)
        if action == "pick":
            return None if self.showing_feedback else True
        if action == "open_section":
            return True if self.showing_feedback else None
        return True

    def footer_description(self, action: str) -> str | None:
        """Enter's label: Next once the feedback is shown, and throughout an exam; Return while looking back."""
        if action == "submit" and self.attempt.looking_back:
            return "Return"
        if action == "submit" and (self.attempt.mode is Mode.EXAM or self.showing_feedback):
            return "Next"
        return None

    def _save(self, write: Write) -> None:
        """Commit to the history right after the engine call that ``write`` mirrors."""
        if not self.attempt.finished:
            self.quiz_app.save(self.recorder, write)

    async def _go(self, index: int) -> None:
        self.attempt.go(index)
        self._save(Write.PROGRESS)
        await self.show_question()

    # -- answering --------------------------------------------------------------------------------
    def _record_draft(self) -> None:
        """In exam mode the selection is the answer: record it at every change."""
        if self.attempt.mode is Mode.EXAM:
            try:
                if self.draft.is_empty:
                    self.attempt.clear()
                else:
                    self.attempt.answer(self.draft.response)
                self._save(Write.ANSWER)
            except AttemptError as error:
                self.notify(str(error), severity="warning")

    def action_pick(self, index: int) -> None:
        question = self.item.question
        if self.showing_feedback or index >= len(self.item.options):
            return
        option = self.item.options[index].id
        if question.type is QuestionType.MATCHING:
            self.draft.pair(self.item.premises[self.cursor].id, option)
            self.cursor = min(self.cursor + 1, len(self.item.premises) - 1)
        else:
            self.draft.choose(option)
            self.cursor = index
        self._record_draft()
        self.refresh_rows()

    def action_toggle_highlighted(self) -> None:
        if self.item.question.type is not QuestionType.MATCHING and not self.showing_feedback:
            self.action_pick(self.cursor)

    def action_cursor(self, step: int) -> None:
        if self.showing_feedback:
            self.action_scroll(step, page=False)
            return
        rows = len(self.item.premises) if self.item.question.type is QuestionType.MATCHING else len(self.item.options)
        self.cursor = (self.cursor + step) % rows
        self.refresh_rows()

    def action_clear(self) -> None:
        if self.showing_feedback:
            return
        matching = self.item.question.type is QuestionType.MATCHING
        self.draft.clear(self.item.premises[self.cursor].id if matching else None)
        self._record_draft()
        self.refresh_rows()

    @on(ChoiceRow.Clicked)
    def _clicked(self, event: ChoiceRow.Clicked) -> None:
        if self.showing_feedback:
            return
        if self.item.question.type is QuestionType.MATCHING:
            self.cursor = event.row.index
            self.refresh_rows()
        else:
            self.action_pick(event.row.index)

    async def action_submit(self) -> None:
        """Practice: submit the answer, then (Enter again) go on; exam: the next question, or the
        review list after the last."""
        attempt = self.attempt
        if attempt.mode is Mode.EXAM:
            if attempt.is_last:
                self.action_review()
            else:
                await self.action_move(1)
            return
        if attempt.looking_back:
            self.action_look(len(attempt.quiz))  # past the last answer: the live question again
            return
        if self.showing_feedback:
            await self._next_or_finish()
            return
        if self.draft.is_empty:
            self.notify("Pick an answer first (or press → in exam mode to skip).", severity="warning")
            return
        if self.certainty is None and not self.asking_certainty:
            self._ask_certainty()
            return
        self._submit()

    def _ask_certainty(self) -> None:
        """Before the feedback: how sure is the trainee? One line; Enter alone skips it."""
        self.asking_certainty = True
        prompt = Text("How sure are you?  ", style="bold")
        prompt.append("s sure · u unsure · g guessed — or Enter to skip (and see the answer)")
        self.query_one("#ask-certainty", Static).update(prompt)
        self.query_one("#ask-certainty").display = True

    def _submit(self) -> None:
        """Score the practice answer with the confidence stated before it, then show the feedback."""
        self.attempt.answer(self.draft.response, self.certainty)
        self.asking_certainty = False
        self._save(Write.ANSWER)
        self.refresh_rows()
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    async def _next_or_finish(self) -> None:
        """The next question in practice's queue (a skipped one comes back after the others), or the results."""
        if self.attempt.advance():
            self._save(Write.PROGRESS)
            await self.show_question()
        else:
            self.finish()

    async def action_skip(self) -> None:
        """Practice: put the question off to the end of the queue; with none other left, offer to finish."""
        from quizkit.tui.screens.confirm import ConfirmScreen
        from quizkit.wording import plural

        attempt = self.attempt
        if self.showing_feedback:
            return
        if attempt.next_unanswered() is None:
            unanswered = len(attempt.unanswered())

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.finish()

            self.app.push_screen(ConfirmScreen(
                f"This is the only question left. Finish the quiz with {plural(unanswered, 'question')} unanswered? "
                "Unanswered questions count as missed.", "Finish", "Go back"), confirmed)
            return
        attempt.skip()
        self._save(Write.PROGRESS)
        await self.show_question()  # the status line now counts the answers: the number no longer says it

    async def action_skip_unlisted(self) -> None:
        await self.action_skip()

    def action_look_unlisted(self, step: int) -> None:
        self.action_look(step)

    def on_resize(self) -> None:
        """What fits depends on the width: the status line's parts, and the footer's Skip and Look back."""
        self._update_status()
        self.refresh_bindings()

    def action_look(self, step: int) -> None:
        """Practice: look back at earlier answers' feedback, read-only; the live question keeps its pick."""
        try:
            self.attempt.look_back(step)
        except AttemptError as error:
            self.notify(str(error), severity="warning")
            return
        self._show_stem()
        self.refresh_rows()
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def action_confidence(self, value: str) -> None:
        """How sure the trainee is, said before the answer is revealed and final after it."""
        if self.attempt.looking_back:
            self.notify("You are looking back: that answer and how sure you were are final.", severity="warning")
            return
        if self.showing_feedback:
            self.notify("How sure you were is asked before the answer is shown, and stays as you said it.",
                        severity="warning")
            return
        confidence = Confidence(value)
        if self.attempt.mode is Mode.PRACTICE:
            if self.draft.is_empty:
                self.notify("Pick an answer first, then say how sure you are.", severity="warning")
                return
            self.certainty = confidence
            if self.asking_certainty:
                self._submit()
                return
        else:
            if not self.answered:
                self.notify("Pick an answer first, then say how sure you are.", severity="warning")
                return
            self.attempt.set_confidence(confidence)
            self._save(Write.CONFIDENCE)
        self._update_status()  # the status line shows it: "sure"

    def action_exam_confidence(self, value: str) -> None:
        self.action_confidence(value)

    def action_flag(self) -> None:
        """Flag the question on screen (an earlier one too, while looking back: a flag is no answer)."""
        shown = self.attempt.shown
        self.attempt.toggle_flag(shown)
        if not self.attempt.finished:
            self.quiz_app.save(self.recorder, Write.FLAG, shown)
        self._update_status()  # the status line shows "⚑"

    async def action_move(self, step: int) -> None:
        target = self.attempt.current + step
        if 0 <= target < len(self.attempt.quiz):
            await self._go(target)

    def action_scroll(self, direction: int, page: bool = True) -> None:
        body = self.query_one("#body", VerticalScroll)
        if page:
            body.scroll_page_down(animate=False) if direction > 0 else body.scroll_page_up(animate=False)
        else:
            body.scroll_relative(y=direction, animate=False)

    def action_review(self) -> None:
        from quizkit.tui.screens.exam_review import SUBMIT, ExamReviewScreen

        async def chosen(index: int | None) -> None:
            if index is None:
                return
            if index == SUBMIT:
                self._submit_exam()
            else:
                await self._go(index)

        self.app.push_screen(ExamReviewScreen(self.attempt), chosen)

    def _submit_exam(self) -> None:
        """Submit, asking first when questions are still unanswered (they would score nothing)."""
        from quizkit.tui.screens.confirm import ConfirmScreen
        from quizkit.wording import plural

        unanswered = len(self.attempt.unanswered())
        if not unanswered:
            self.finish()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.finish()

        self.app.push_screen(ConfirmScreen(
            f"Submit the exam with {plural(unanswered, 'question')} unanswered? Unanswered questions score "
            "nothing.", "Submit", "Go back"), confirmed)

    def action_open_section(self) -> None:
        from quizkit.tui.screens.section import SectionScreen

        if not self.showing_feedback:
            self.notify("The cited section opens with the feedback, after you answer.", severity="warning")
            return
        self.app.push_screen(SectionScreen(self.shown_item.question.cite))

    def action_quit_quiz(self) -> None:
        from quizkit.tui.screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._save(Write.PROGRESS)  # left open: offered for resumption next time
                self.quiz_app.done_with(self.recorder)
                self.quiz_app.leave_quiz()

        answered = len(self.attempt.answers)
        if self.recorder.saved:
            kept = "your answers are saved and you can resume it later."
        else:
            kept = (f"{self.recorder.unsaved_answers} answers are NOT saved yet ({self.recorder.problem}); quizkit "
                    "keeps trying while it is open.")
        self.app.push_screen(ConfirmScreen(
            f"Quit this quiz? {answered} of {len(self.attempt.quiz)} answered; {kept}", "Quit", "Keep going"), confirmed)

    # -- time and the end ------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.attempt.finished:
            return
        if self.attempt.time_is_up():
            self.notify("Time is up: the quiz is submitted.", severity="warning")
            self.finish()
            return
        remaining = self.attempt.remaining()
        for seconds in WARN_SECONDS:
            if remaining is not None and remaining <= seconds and seconds not in self._warned:
                self._warned.add(seconds)
                minutes = seconds // 60
                self.notify(f"⚠ {minutes} minute{'s' if minutes > 1 else ''} left in this exam.", severity="warning",
                            timeout=10)
        self._update_status()

    def finish(self) -> None:
        self.attempt.finish()
        self.quiz_app.show_results(self.recorder)

