#!/usr/bin/env bash
# Stop the private PostgreSQL cluster that the demo and test commands start.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stop_postgres
