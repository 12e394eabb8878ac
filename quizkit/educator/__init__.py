"""Tools for educators over a cohort's answers: collecting them, and item analysis.

``cohort`` gathers answers from histories on this machine and from the results files trainees
export (read by ``resultfiles``); ``itemstats`` is the classical test theory on a response
matrix; ``analysis`` builds the report ``quizkit stats`` and the app show; ``formatting`` writes
it as text, CSV or JSON.
"""
