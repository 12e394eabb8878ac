from quizkit.cli.main import run

run()
