#!/usr/bin/env bash
# Makes the autograder zip to upload to Gradescope for one exercise:
#   grading/gradescope/make-zip.sh EXERCISE SECRET-FILE [OUT.zip]
# setup.sh and run_autograder sit at the zip's root, as Gradescope requires, with netlab.jar,
# the exercise's id and the course secret.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: grading/gradescope/make-zip.sh EXERCISE SECRET-FILE [OUT.zip]" >&2
  exit 2
fi
exercise="$1"
secret="$2"
out="${3:-gradescope-$exercise.zip}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/lab-app/target/netlab.jar"
[ -s "$secret" ] || { echo "make-zip.sh: the secret file '$secret' is missing or empty" >&2; exit 2; }
[ -f "$jar" ] || (cd "$repo" && mvn -q -DskipTests package)
java -jar "$jar" exercise show "$exercise" >/dev/null || exit 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/setup.sh" "$here/run_autograder" "$jar" "$work/"
cp "$secret" "$work/course-secret"
echo "$exercise" > "$work/exercise"
chmod +x "$work/setup.sh" "$work/run_autograder"
(cd "$work" && python3 -m zipfile -c "$work/out.zip" setup.sh run_autograder netlab.jar exercise course-secret)
mv "$work/out.zip" "$out"
echo "wrote $out: upload it as the assignment's autograder (Ubuntu base image)"
