"""Batch execution of the teaching notebooks into reports (built on papermill).

- :mod:`kgi_lab.batch.schema` – parameter schemas, checked before any kernel starts;
- :mod:`kgi_lab.batch.registry` – the shipped notebooks and their schemas;
- :mod:`kgi_lab.batch.execute` – one execution in a fresh kernel, HTML rendering, metrics;
- :mod:`kgi_lab.batch.runner` – parallel (processes or Dask), restartable runs and their index;
- :mod:`kgi_lab.batch.provenance` – reproducibility stamps.

Nothing heavy is imported here, so notebooks can import :mod:`kgi_lab.metrics` cheaply.
"""
