"""A training script for SDK v3's script mode: ModelTrainer(source_code=SourceCode(source_dir, entry_script)) runs it
in the example image with the hyperparameters as arguments and the SM_* variables set. It writes the model the way the
image's own `train` does, so the image's `serve` answers with it.
"""
import argparse
import glob
import os
import pickle

import pandas as pd
from sklearn import tree

parser = argparse.ArgumentParser()
parser.add_argument("--max_leaf_nodes", type=int, default=None)
args, _ = parser.parse_known_args()

files = sorted(glob.glob(os.path.join(os.environ["SM_CHANNEL_TRAINING"], "**", "*.csv"), recursive=True))
data = pd.concat(pd.read_csv(f, header=None) for f in files)
labels, features = data.iloc[:, 0], data.iloc[:, 1:]
clf = tree.DecisionTreeClassifier(max_leaf_nodes=args.max_leaf_nodes).fit(features, labels)
print(f"script mode: trained on {len(data)} rows with max_leaf_nodes={args.max_leaf_nodes}, "
      f"accuracy on them {clf.score(features, labels):.3f}")
with open(os.path.join(os.environ["SM_MODEL_DIR"], "decision-tree-model.pkl"), "wb") as out:
    pickle.dump(clf, out)
