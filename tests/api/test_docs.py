"""Docs that cannot drift: the committed references equal what the code renders."""

from pathlib import Path

from typer.main import get_command

from bioregion import _docs
from bioregion.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == _docs.render_cli(), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_templates_reference_is_current():
    assert (ROOT / "docs" / "templates.md").read_text(
        encoding="utf-8"
    ) == _docs.render_templates(), "docs/templates.md is stale: run `make docs`"


def test_every_command_is_documented_everywhere():
    commands = sorted(get_command(app).commands)
    cli_md = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in commands:
        assert f"## `bioregion {name}`" in cli_md, name
        help_text = get_command(app).commands[name].help
        assert help_text and help_text.strip(), f"{name} has no help text"
    assert "make demo" in readme and "make test" in readme


def test_every_option_has_help():
    group = get_command(app)
    for name, command in group.commands.items():
        for param in command.params:
            if param.name != "help":
                assert param.help, f"bioregion {name}: {param.name} has no help"


def test_belgium_dataset_page_is_current():
    assert (ROOT / "docs" / "datasets" / "belgium.md").read_text(
        encoding="utf-8"
    ) == _docs.render_belgium(), "docs/datasets/belgium.md is stale: run `make docs`"


def test_every_network_function_is_documented():
    import bioregion.network

    page = (ROOT / "docs" / "network.md").read_text(encoding="utf-8")
    for name in bioregion.network.__all__:
        if callable(getattr(bioregion.network, name)) and not name[0].isupper():
            assert f"`{name}`" in page or f"{name}(" in page, f"{name} is not in docs/network.md"


def test_indicator_reference_is_current():
    assert (ROOT / "docs" / "indicators.md").read_text(
        encoding="utf-8"
    ) == _docs.render_indicators(), "docs/indicators.md is stale: run `make docs`"


def test_every_indicator_has_a_definition_and_reference():
    import inspect

    import bioregion.system as system

    for name in system.__all__:
        obj = getattr(system, name)
        if inspect.isfunction(obj) and name not in {"mutual_information"}:
            doc = inspect.getdoc(obj) or ""
            assert len(doc) > 80, f"{name} has no real docstring"
