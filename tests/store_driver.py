"""Takes quizzes against a history file until killed: test_store_kill.py's victim.

Usage: ``python store_driver.py DATABASE BANK SEED``. It does what the app does: resumes an
unfinished attempt if there is one, else starts a new one, and commits every action through
the store. After each answer is committed it prints ``ACK <answer id> <attempt id> <position>``,
so that the test knows which answers the trainee was told were saved.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Question, QuestionType
from quizkit.engine.attempt import Attempt, Confidence
from quizkit.engine.quiz import Mode, QuizSpec, build_quiz
from quizkit.engine.scoring import Response
from quizkit.history.resume import resume, unfinished
from quizkit.history.store import Store


def random_response(question: Question, rng: random.Random) -> Response:
    options = [option.id for option in question.options]
    if question.type is QuestionType.MATCHING:
        return Response(pairs=tuple((premise.id, rng.choice(options)) for premise in question.premises))
    if question.type is QuestionType.MULTIPLE:
        return Response(frozenset(rng.sample(options, rng.randint(1, len(options)))))
    return Response(frozenset({rng.choice(options)}))


def main(database: Path, bank_path: Path, seed: int) -> None:
    bank = read_bank(bank_path).bank
    assert bank is not None
    rng = random.Random(seed)
    with Store.open(database) as store:
        print("READY", flush=True)
        while True:
            waiting = unfinished(store)
            if waiting:
                attempt_id, attempt = waiting[0].attempt_id, resume(store, waiting[0].attempt_id, [bank]).attempt
            else:
                quiz = build_quiz([bank], QuizSpec(mode=rng.choice(list(Mode)), seed=rng.randrange(10**6)))
                attempt = Attempt(quiz)
                attempt_id = store.start(attempt, [bank])
            while True:
                if attempt.current not in attempt.answers or (attempt.mode is Mode.EXAM and rng.random() < 0.3):
                    attempt.answer(random_response(attempt.item.question, rng), rng.choice([*Confidence, None]))
                    row = store.record_answer(attempt_id, attempt)
                    print(f"ACK {row} {attempt_id} {attempt.current}", flush=True)
                    if attempt.mode is Mode.EXAM:  # until submitted, an exam answer's confidence may change
                        attempt.set_confidence(rng.choice([*Confidence, None]))
                        store.record_confidence(attempt_id, attempt)
                if rng.random() < 0.3:
                    attempt.toggle_flag()
                    store.record_flag(attempt_id, attempt)
                if attempt.is_last:
                    attempt.finish()
                    store.finish(attempt_id, attempt)
                    break
                attempt.go(attempt.current + 1)
                store.record_progress(attempt_id, attempt)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
