"""quizkit: quizzes and question banks for clinician education, in the terminal."""

__version__ = "0.1.0"
