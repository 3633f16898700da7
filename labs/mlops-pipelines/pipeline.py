#!/usr/bin/env python3
"""A Kubeflow Pipelines (KFP SDK v2) training pipeline for the handbook's bot detector.

    python pipeline.py                  # compiles the pipeline to pipeline.yaml
    python pipeline.py -o other.yaml    # ...or to another file

Five steps, each a lightweight Python component that runs in its own container:

    make-dataset -> split-data -> train-model -> evaluate-model -> [f1 >= min_f1?]
                                                                    yes: register-model
                                                                    no:  reject-model

The model is the bot detector of the track's first lab (labs/mlops-intro), grown up: a random
forest on four behavioral features that flags clients of the to-do API acting like scripts.
Each step receives its inputs as parameters (small values) or artifacts (files in the
pipeline's object store) and records its outputs, so every run has full lineage: which data,
which code, which parameters produced which model.

Nothing is downloaded except Python packages: the data is generated with a fixed seed.
Requires the KFP SDK (see requirements.txt); submit the compiled file with submit.py.
"""

from __future__ import annotations

import argparse

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Metrics, Model, Output

# Every component runs in this image. Pin it exactly, like any base image. Lightweight components
# pip-install their packages_to_install at start-up; for production, bake them into your own
# image (Containerized Python Components) so a step starts in seconds and never hits PyPI.
PYTHON_IMAGE = "python:3.13.16-slim-trixie"
DATA_PACKAGES = ["numpy==2.5.3", "pandas==3.1.1"]
ML_PACKAGES = ["numpy==2.5.3", "pandas==3.1.1", "scikit-learn==1.9.1"]


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=DATA_PACKAGES)
def make_dataset(rows: int, seed: int, dataset: Output[Dataset]):
    """Generate labeled client behavior, the same story as the rest of the track."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    is_bot = rng.random(rows) < 0.15
    frame = pd.DataFrame(
        {
            # Bots write fast, hit few routes, fail more often and do not sleep.
            "requests_per_minute": np.where(
                is_bot, rng.lognormal(np.log(25), 0.5, rows), rng.lognormal(np.log(6), 0.55, rows)
            ).round(1),
            "distinct_routes": np.where(is_bot, rng.integers(1, 5, rows), rng.integers(2, 9, rows)),
            "error_ratio": np.clip(
                np.where(is_bot, rng.normal(0.09, 0.04, rows), rng.normal(0.03, 0.02, rows)), 0, 1
            ).round(3),
            "night_share": np.clip(
                np.where(is_bot, rng.normal(0.25, 0.09, rows), rng.normal(0.09, 0.06, rows)), 0, 1
            ).round(3),
            "is_bot": is_bot.astype(int),
        }
    )
    frame.to_csv(dataset.path, index=False)
    # Metadata travels with the artifact and shows up in the UI's lineage view.
    dataset.metadata["rows"] = rows
    dataset.metadata["seed"] = seed
    dataset.metadata["bot_share"] = round(float(frame["is_bot"].mean()), 4)


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=ML_PACKAGES)
def split_data(
    dataset: Input[Dataset],
    test_size: float,
    seed: int,
    train_set: Output[Dataset],
    test_set: Output[Dataset],
):
    """Hold out a stratified test set. The test set never touches training."""
    import pandas as pd
    from sklearn.model_selection import train_test_split

    frame = pd.read_csv(dataset.path)
    train, test = train_test_split(
        frame, test_size=test_size, random_state=seed, stratify=frame["is_bot"]
    )
    train.to_csv(train_set.path, index=False)
    test.to_csv(test_set.path, index=False)
    train_set.metadata["rows"] = len(train)
    test_set.metadata["rows"] = len(test)


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=ML_PACKAGES)
def train_model(
    train_set: Input[Dataset],
    n_estimators: int,
    max_depth: int,
    seed: int,
    model: Output[Model],
):
    """Fit a random forest on the training split and save it with joblib."""
    import joblib
    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier

    frame = pd.read_csv(train_set.path)
    features = frame.drop(columns=["is_bot"])
    estimator = RandomForestClassifier(
        n_estimators=n_estimators, max_depth=max_depth, random_state=seed, n_jobs=1
    )
    estimator.fit(features, frame["is_bot"])
    joblib.dump(estimator, model.path)
    model.metadata["framework"] = "scikit-learn"
    model.metadata["algorithm"] = "RandomForestClassifier"
    model.metadata["n_estimators"] = n_estimators
    model.metadata["max_depth"] = max_depth
    model.metadata["features"] = list(features.columns)


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=ML_PACKAGES)
def evaluate_model(model: Input[Model], test_set: Input[Dataset], metrics: Output[Metrics]) -> float:
    """Score the model on the held-out split; return F1 for the gate, log the rest as metrics."""
    import joblib
    import pandas as pd
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

    estimator = joblib.load(model.path)
    frame = pd.read_csv(test_set.path)
    truth = frame["is_bot"]
    predicted = estimator.predict(frame.drop(columns=["is_bot"]))
    scores = {
        "accuracy": accuracy_score(truth, predicted),
        "precision": precision_score(truth, predicted, zero_division=0),
        "recall": recall_score(truth, predicted, zero_division=0),
        "f1": f1_score(truth, predicted, zero_division=0),
    }
    for name, value in scores.items():
        metrics.log_metric(name, round(float(value), 4))
    print(f"evaluation: {scores}")
    return float(scores["f1"])


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=ML_PACKAGES + ["mlflow-skinny==3.17.0"])
def register_model(model: Input[Model], f1: float, model_name: str, mlflow_tracking_uri: str) -> str:
    """Publish a model that passed the gate.

    With an MLflow tracking URI (the server of the experiment-tracking chapter, reachable from
    the cluster), log the model and register a new version of model_name. Without one, only
    report the artifact URI: the pipeline's artifact store is then the record.
    """
    if not mlflow_tracking_uri:
        print(f"passed the gate with f1={f1:.4f}; artifact: {model.uri} (no MLflow URI given)")
        return model.uri

    import joblib
    import mlflow
    import mlflow.sklearn

    mlflow.set_tracking_uri(mlflow_tracking_uri)
    mlflow.set_experiment("bot-detector-pipeline")
    with mlflow.start_run(run_name="kfp-register"):
        mlflow.log_metric("f1", f1)
        mlflow.set_tag("kfp.artifact_uri", model.uri)
        info = mlflow.sklearn.log_model(
            sk_model=joblib.load(model.path),
            name="model",
            registered_model_name=model_name,
        )
    reference = f"models:/{model_name}/{info.registered_model_version}"
    print(f"registered {reference} (f1={f1:.4f})")
    return reference


@dsl.component(base_image=PYTHON_IMAGE)
def reject_model(f1: float, min_f1: float):
    """The else branch: say loudly why nothing was registered."""
    print(f"REJECTED: f1={f1:.4f} is below the threshold {min_f1:.4f}; nothing was registered")


@dsl.pipeline(
    name="bot-detector-training",
    description="Generate data, train, evaluate, and register the bot detector only if F1 passes.",
)
def training_pipeline(
    rows: int = 20000,
    seed: int = 42,
    test_size: float = 0.25,
    n_estimators: int = 200,
    max_depth: int = 8,
    min_f1: float = 0.85,
    model_name: str = "bot-detector",
    mlflow_tracking_uri: str = "",
):
    data_task = make_dataset(rows=rows, seed=seed)
    split_task = split_data(dataset=data_task.outputs["dataset"], test_size=test_size, seed=seed)

    train_task = train_model(
        train_set=split_task.outputs["train_set"],
        n_estimators=n_estimators,
        max_depth=max_depth,
        seed=seed,
    )
    # Requests and limits end up on the step's pod, as in any Deployment.
    train_task.set_cpu_request("500m").set_memory_request("512M").set_memory_limit("1G")

    eval_task = evaluate_model(
        model=train_task.outputs["model"], test_set=split_task.outputs["test_set"]
    )
    # A component that returns a value and also writes an artifact exposes the return value
    # as the output named "Output".
    f1 = eval_task.outputs["Output"]

    # dsl.If replaces the deprecated dsl.Condition; both operands may be runtime values.
    with dsl.If(f1 >= min_f1, name="f1-passes-threshold"):
        register_task = register_model(
            model=train_task.outputs["model"],
            f1=f1,
            model_name=model_name,
            mlflow_tracking_uri=mlflow_tracking_uri,
        )
        # Registering has a side effect outside the pipeline: never serve it from the cache.
        register_task.set_caching_options(False)
    with dsl.Else(name="f1-below-threshold"):
        reject_model(f1=f1, min_f1=min_f1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Compile the pipeline to KFP IR YAML.")
    parser.add_argument("-o", "--output", default="pipeline.yaml", help="default: pipeline.yaml")
    args = parser.parse_args()
    compiler.Compiler().compile(pipeline_func=training_pipeline, package_path=args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
