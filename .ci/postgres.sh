# Sourced by .ci/run: start Debian's PostgreSQL on 127.0.0.1 and export
# CI_DATABASE_URL for a superuser role the tests can create databases with.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_data=$(mktemp -d /tmp/newsroom-pg.XXXXXX)
chown postgres "$pg_data"
su postgres -c "$pg_bin/initdb -D $pg_data -A trust -U postgres" >/dev/null
su postgres -c "$pg_bin/pg_ctl -D $pg_data -o '-c listen_addresses=127.0.0.1 -p 54329 -k /tmp' -l $pg_data/log -w start" >/dev/null
export CI_DATABASE_URL="postgres://postgres@127.0.0.1:54329/newsroom"
