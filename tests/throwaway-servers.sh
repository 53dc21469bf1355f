# Sourced by test.sh and tests/mutation.sh: a throwaway redis-server and PostgreSQL on free loopback ports, in a
# folder of the caller's run, for the tests that need them. Each exports the variables the tests read
# (REDIS_TEST_HOST/PORT, POSTGRES_TEST_CONNECTION) or says why it could not; stop_throwaway_servers ends both.

throwaway_redis_pid=""
throwaway_pg_data=""
throwaway_pg_bin=/usr/lib/postgresql/15/bin

free_loopback_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_throwaway_redis DIR: no persistence; its log is DIR/redis.log.
start_throwaway_redis() {
  local dir="$1" port
  port=$(free_loopback_port)
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no --daemonize no \
    >"$dir/redis.log" 2>&1 &
  throwaway_redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    export REDIS_TEST_HOST=127.0.0.1 REDIS_TEST_PORT="$port"
    echo "== redis-server on 127.0.0.1:$port"
  else
    echo "redis-server did not start (tests that need it will fail):"; cat "$dir/redis.log"
  fi
}

# start_throwaway_postgres DIR: the cluster in DIR/postgres. initdb refuses root, so it belongs to the unprivileged
# "postgres" user (the package creates it), in a folder only that user can write; its unix socket lives there too,
# nothing in /var/run is touched. fsync off: the data is thrown away, and the tests create and drop a database per
# test class.
start_throwaway_postgres() {
  local dir="$1" port
  throwaway_pg_data="$dir/postgres"
  port=$(free_loopback_port)
  chmod 755 "$dir"
  mkdir -p "$throwaway_pg_data" && chown postgres: "$throwaway_pg_data" && chmod 700 "$throwaway_pg_data"
  if runuser -u postgres -- "$throwaway_pg_bin/initdb" -D "$throwaway_pg_data" -U postgres -A trust -E UTF8 \
       >"$dir/postgres-initdb.log" 2>&1 \
    && runuser -u postgres -- "$throwaway_pg_bin/pg_ctl" -D "$throwaway_pg_data" -l "$throwaway_pg_data/server.log" -w -t 60 \
       -o "-p $port -k $throwaway_pg_data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
       start >/dev/null 2>&1; then
    export POSTGRES_TEST_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    echo "== postgres on 127.0.0.1:$port"
  else
    echo "PostgreSQL did not start (tests that need it will fail):"
    cat "$dir/postgres-initdb.log" "$throwaway_pg_data/server.log" 2>/dev/null | tail -20
  fi
}

# For the caller's EXIT trap: redis stopped; PostgreSQL shut down fast (ends the tests' connections). The folders
# go with the caller's.
stop_throwaway_servers() {
  [ -n "$throwaway_redis_pid" ] && kill "$throwaway_redis_pid" 2>/dev/null && wait "$throwaway_redis_pid" 2>/dev/null
  if [ -n "$throwaway_pg_data" ] && [ -f "$throwaway_pg_data/postmaster.pid" ]; then
    runuser -u postgres -- "$throwaway_pg_bin/pg_ctl" -D "$throwaway_pg_data" -m fast -w stop >/dev/null 2>&1
  fi
  throwaway_redis_pid=""
}
