"""A trainee's history: where it lives, how it is stored, and what is read back from it.

One SQLite file per profile (``paths``), written answer by answer (``store``, with its schema
migrations), read back as attempts, trends and what to retry (``queries``), resumed after an
interruption (``resume``), and scheduled for spaced review with FSRS (``spaced``).
"""
