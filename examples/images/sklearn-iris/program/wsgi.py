from predictor import app  # noqa: F401 (gunicorn serves wsgi:app)
