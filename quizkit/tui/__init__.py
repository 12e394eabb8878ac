"""The Textual face of quizkit. It presents the engine; it owns no rules."""
