"""The inference server: GET /ping is healthy once the model loads; POST /invocations takes CSV rows of
features and answers one predicted label per line."""
import io
import os
import pickle

import flask
import pandas as pd

MODEL_PATH = os.path.join("/opt/ml/model", "decision-tree-model.pkl")


class ScoringService:
    model = None

    @classmethod
    def get_model(cls):
        if cls.model is None:
            with open(MODEL_PATH, "rb") as f:
                cls.model = pickle.load(f)
        return cls.model


app = flask.Flask(__name__)


@app.route("/ping", methods=["GET"])
def ping():
    try:
        healthy = ScoringService.get_model() is not None
    except OSError:
        healthy = False
    return flask.Response(response="\n", status=200 if healthy else 404, mimetype="application/json")


@app.route("/invocations", methods=["POST"])
def invocations():
    if flask.request.content_type != "text/csv":
        return flask.Response(response="This predictor only supports CSV data", status=415, mimetype="text/plain")
    data = pd.read_csv(io.StringIO(flask.request.data.decode("utf-8")), header=None)
    predictions = ScoringService.get_model().predict(data)
    out = io.StringIO()
    pd.DataFrame({"results": predictions}).to_csv(out, header=False, index=False)
    return flask.Response(response=out.getvalue(), status=200, mimetype="text/csv")
