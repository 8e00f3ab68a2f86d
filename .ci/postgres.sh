# Sourced by .ci/run (and by benchmarks/): start Debian's PostgreSQL on
# 127.0.0.1:54329 and export CI_DATABASE_URL for a superuser role the tests can
# create databases with. A server already answering on that port is reused.
# Exports CI_PG_BIN and CI_PG_DATA (empty when reused) for scripts that stop it.
CI_PG_PORT=${CI_PG_PORT:-54329}
CI_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
CI_PG_DATA=""
if ! "$CI_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$CI_PG_PORT"; then
    CI_PG_DATA=$(mktemp -d /tmp/newsroom-pg.XXXXXX)
    chown postgres "$CI_PG_DATA"
    su postgres -c "$CI_PG_BIN/initdb -D $CI_PG_DATA -A trust -U postgres" >/dev/null
    # Throwaway cluster: durability off makes the suite's many CREATE DATABASEs
    # and the benchmark imports fast.
    su postgres -c "$CI_PG_BIN/pg_ctl -D $CI_PG_DATA -w -l $CI_PG_DATA/log start \
        -o '-c listen_addresses=127.0.0.1 -p $CI_PG_PORT -k /tmp \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=200'" >/dev/null
fi
export CI_PG_BIN CI_PG_DATA CI_PG_PORT
export CI_DATABASE_URL="postgres://postgres@127.0.0.1:$CI_PG_PORT/newsroom"
