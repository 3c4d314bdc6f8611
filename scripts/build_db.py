#!/usr/bin/env python3
"""Thin wrapper: python scripts/build_db.py [--seeds DIR] [--db PATH] [--strict]"""
import sys

from datasette_cafcass.builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
