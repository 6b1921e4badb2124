"""The ``kgi-lab`` command.

::

    kgi-lab run NOTEBOOK [-p NAME VALUE ...] [--out DIR]
    kgi-lab report [CURRICULUM] [--parameters-file F] [--jobs N] [--scheduler ADDRESS]
                   [--out DIR] [--resume]
    kgi-lab datasets list | verify [ID ...] | fetch ID [--allow-download]
    kgi-lab curricula list | validate [CURRICULUM ...]
    kgi-lab build-editions [NOTEBOOK ...] [--out DIR]
    kgi-lab versions

Bad input (an unknown notebook, curriculum or parameter; a value of the wrong type or out of range;
an unwritable output folder) gets a one-line message and exit status 2, before any kernel starts and
before anything is written. A batch in which some execution failed exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

__all__ = ["main"]


def _default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _add_exec_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="reports", help="folder for run folders (default: reports)")
    p.add_argument(
        "--timeout", type=float, default=600.0, help="per-cell timeout in seconds (default 600)"
    )
    p.add_argument("--kernel", default=None, help="Jupyter kernel name (default: the notebook's)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kgi-lab", description="kgi_lab workbench command")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute one notebook with parameters")
    run.add_argument("notebook", help="notebook name in notebooks/ or a path to an .ipynb file")
    run.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable)",
    )
    run.add_argument(
        "--list-parameters", action="store_true", help="print the notebook's parameter schema"
    )
    _add_exec_options(run)

    report = sub.add_parser("report", help="run a curriculum into a report")
    report.add_argument(
        "curriculum", nargs="?", help="curriculum id or YAML path (default: the default course)"
    )
    report.add_argument("--parameters-file", help="YAML file of parameter sets to use instead")
    report.add_argument(
        "--jobs", type=int, default=_default_jobs(), help="parallel worker processes"
    )
    report.add_argument(
        "--scheduler", help="dask.distributed scheduler address, or 'local' for a LocalCluster"
    )
    report.add_argument(
        "--resume",
        action="store_true",
        help="reuse completed executions with unchanged inputs from earlier runs in --out",
    )
    _add_exec_options(report)

    ds = sub.add_parser("datasets", help="the dataset catalog")
    ds_sub = ds.add_subparsers(dest="datasets_command", required=True)
    ds_sub.add_parser("list", help="print the catalog")
    verify = ds_sub.add_parser("verify", help="check files against their sha256")
    verify.add_argument("ids", nargs="*")
    fetch = ds_sub.add_parser("fetch", help="download an opt-in dataset into the cache")
    fetch.add_argument("id")
    fetch.add_argument("--allow-download", action="store_true")
    info = ds_sub.add_parser("info", help="print one catalog entry")
    info.add_argument("id")

    cur = sub.add_parser("curricula", help="the courses")
    cur_sub = cur.add_subparsers(dest="curricula_command", required=True)
    cur_sub.add_parser("list", help="list the courses")
    val = cur_sub.add_parser("validate", help="validate courses (all by default)")
    val.add_argument("names", nargs="*")

    ed = sub.add_parser(
        "build-editions", help="write trainee and instructor editions of the teaching notebooks"
    )
    ed.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    ed.add_argument("--out", default="editions", help="editions folder (default: editions)")
    ed.add_argument(
        "--force",
        action="store_true",
        help="also rebuild editions edited since they were built (backed up first)",
    )

    sub.add_parser("versions", help="print versions for bug reports")
    return parser


class _UsageError(Exception):
    pass


def _user_errors() -> tuple[type[BaseException], ...]:
    from kgi_lab.batch.registry import NotebookNotFoundError
    from kgi_lab.batch.runner import OutputDirError
    from kgi_lab.batch.schema import ParameterError
    from kgi_lab.curricula import CurriculumError
    from kgi_lab.datasets import DatasetError
    from kgi_lab.editions import EditionError

    return (
        EditionError,
        NotebookNotFoundError,
        OutputDirError,
        ParameterError,
        CurriculumError,
        DatasetError,
        _UsageError,
    )


def _finish(summary, quiet: bool) -> int:
    n_failed = len(summary.failed)
    if not quiet:
        print(
            f"{len(summary.results) - n_failed} ok, {n_failed} failed in {summary.wall_time_s:.1f} s",
            file=sys.stderr,
        )
    print(summary.index_html)
    return 1 if n_failed else 0


def _cmd_run(args: argparse.Namespace) -> int:
    from kgi_lab.batch.registry import find_notebook, schema_for
    from kgi_lab.batch.runner import PlannedExecution, run_batch

    notebook = find_notebook(args.notebook)
    schema = schema_for(notebook)
    if args.list_parameters:
        print(json.dumps([p.as_dict() for p in schema.parameters], indent=2, default=str))
        return 0
    names = [n for n, _ in args.parameter]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise _UsageError(f"parameter(s) given twice: {', '.join(dupes)}")
    params = schema.validate(args.parameter)
    label = "-".join(f"{k}={v}" for k, v in params.items()) or "defaults"
    item = PlannedExecution(notebook.stem, label[:80], notebook, params)
    summary = run_batch(
        [item],
        args.out,
        name=notebook.stem,
        jobs=1,
        timeout_s=args.timeout,
        kernel_name=args.kernel,
        progress=None if args.quiet else sys.stderr,
        command=sys.argv,
    )
    return _finish(summary, args.quiet)


def _cmd_report(args: argparse.Namespace) -> int:
    from kgi_lab import curricula
    from kgi_lab.batch.runner import run_batch

    if args.jobs < 1:
        raise _UsageError(f"--jobs must be at least 1 (got {args.jobs})")
    course = curricula.load(args.curriculum) if args.curriculum else curricula.default_curriculum()
    if args.parameters_file:
        course = curricula.load_parameters_file(args.parameters_file, course)
    summary = run_batch(
        curricula.plan(course),
        args.out,
        name=course.id,
        title=course.title,
        jobs=args.jobs,
        scheduler=args.scheduler,
        resume=args.resume,
        timeout_s=args.timeout,
        kernel_name=args.kernel,
        progress=None if args.quiet else sys.stderr,
        command=sys.argv,
    )
    from kgi_lab.site import attach_site

    site = attach_site(summary.run_dir, course)
    if not args.quiet:
        print(f"course site: {site}", file=sys.stderr)
    return _finish(summary, args.quiet)


def _cmd_datasets(args: argparse.Namespace) -> int:
    from kgi_lab import datasets

    if args.datasets_command == "list":
        print(datasets.format_catalog())
    elif args.datasets_command == "verify":
        ids = args.ids or [i for i, e in datasets.catalog().items() if e.embedded]
        for ident in ids:
            print(f"ok  {ident}  {datasets.verify(ident)}")
    elif args.datasets_command == "fetch":
        print(datasets.fetch(args.id, allow_download=args.allow_download or None))
    elif args.datasets_command == "info":
        entry = datasets.catalog().get(args.id)
        if entry is None:
            datasets.path(args.id)  # raises the standard unknown-id error
        print(json.dumps(entry.__dict__, indent=2, ensure_ascii=False, default=str))
    return 0


def _cmd_curricula(args: argparse.Namespace) -> int:
    from kgi_lab import curricula

    if args.curricula_command == "list":
        print(curricula.format_list())
        return 0
    paths = args.names or [str(p) for p in curricula.available()]
    for name in paths:
        c = curricula.load(name)
        print(f"ok  {c.id}: {len(c.modules)} module(s)")
    if not args.names:
        curricula.default_curriculum()
    return 0


def _cmd_build_editions(args: argparse.Namespace) -> int:
    from kgi_lab.editions import build_editions

    for s in build_editions(args.notebooks or None, args.out, force=args.force):
        print(
            f"ok  {s.notebook}: {s.solutions} solution block(s) stripped, "
            f"{s.instructor_cells} instructor cell(s) removed -> {s.trainee.parent.parent}"
        )
        for rel in s.kept:
            print(f"    kept {rel}: edited since it was built (--force rebuilds it, with a backup)")
        for backup in s.backups:
            print(f"    backed up an edited edition to {backup}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``kgi-lab``; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {
        "run": _cmd_run,
        "report": _cmd_report,
        "datasets": _cmd_datasets,
        "curricula": _cmd_curricula,
        "build-editions": _cmd_build_editions,
    }
    if args.command == "versions":
        from kgi_lab.versions import show_versions

        show_versions()
        return 0
    try:
        return handlers[args.command](args)
    except _user_errors() as exc:
        print(f"kgi-lab: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kgi-lab: interrupted; completed executions are kept (use --resume)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
