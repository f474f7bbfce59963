#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): what the
# grader and the students' programs need, and an unprivileged user to run the students' code.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# java runs netlab; python3 reads the submission's metadata (and runs Python submissions);
# util-linux gives setsid and runuser, which the grader uses to kill everything a program starts
apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless python3 util-linux
id student >/dev/null 2>&1 || adduser --disabled-password --gecos "" student
# the course secret stays readable by root (the grader) only
chmod 600 /autograder/source/course-secret
