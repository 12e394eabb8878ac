"""Results to a Learning Record Store over xAPI 1.0.3, and item analysis read back from one.

* ``statements`` builds an ``answered`` statement per answer and a ``completed`` statement per
  finished attempt, with deterministic ids so that sending one twice is harmless;
* ``queue`` puts a reference to each in the history database in the same transaction as the
  answer, so an answer is never saved without its statement nor a statement sent for an answer
  not saved; ``build`` makes the statement from it when it is sent;
* ``backfill`` queues the answers recorded before an LRS was configured;
* ``client`` speaks HTTP to the LRS (the standard library's urllib: nothing to install);
* ``sync`` sends what is queued, in batches, setting aside what the LRS refuses and backing off
  while it cannot be reached, in the foreground (``quizkit sync``) or in a background thread;
* ``readback`` reads statements back into the columns the cohort analysis reads from files.

docs/xapi.md documents every field. No module here imports Textual.
"""
