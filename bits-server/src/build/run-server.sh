#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the server for `mvn ... -Dbits.run` (bits-server/pom.xml, profile run): run-server.sh LAUNCHER [ARGS...]
#
# exec-maven-plugin waits for the program it runs but passes no signal on: a SIGTERM to Maven (as a supervisor
# sends) ends Maven and would leave the server running. So the server runs as this script's child, and the script
# sends it SIGTERM when the script itself gets SIGTERM/SIGINT/SIGHUP or when Maven, its parent, is gone; the server
# then shuts down as it does on any SIGTERM (in-flight requests finish, sessions stay resumable).
launcher=$1
shift
maven=$PPID
# Standard input stays the server's (an asynchronous command would otherwise read /dev/null).
"$launcher" "$@" <&0 &
server=$!
stop() {
  kill -TERM "$server" 2>/dev/null
}
trap stop HUP INT TERM
while kill -0 "$server" 2>/dev/null; do
  if ! kill -0 "$maven" 2>/dev/null; then
    stop
    break
  fi
  sleep 1
done
# wait returns early when a trapped signal arrives; the status that counts is the server's.
wait "$server"
status=$?
while kill -0 "$server" 2>/dev/null; do
  wait "$server"
  status=$?
done
exit "$status"
