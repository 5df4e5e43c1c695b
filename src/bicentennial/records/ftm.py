"""Run FollowTheMoney's command line (`ftm`) with our schemata loaded.

    python -m bicentennial.records.ftm validate -i entities.ftm.json

The plain `ftm` command does not import bicentennial and so knows only FtM's
own schemata.
"""

from __future__ import annotations

from bicentennial.records.model import get_model


def main() -> None:
    get_model()
    from followthemoney.cli.cli import cli

    cli()


if __name__ == "__main__":
    main()
