#!/usr/bin/env python3
"""API fuzzing: schemathesis against the OpenAPI document a fresh `portevoix` serves.

Starts the given binary on a new SQLite database (loopback, a free port), adds demo data and
one account per role, then runs schemathesis once per role (anonymous, volunteer, council
member, member of another council, coordinator, administrator: the most powerful last, so
accounts it disables do not spoil the others' runs). Bounded and reproducible: a fixed number
of examples per operation and a fixed seed. Fails on any 5xx or any response that violates
the documented schema.

Usually run through `cargo xtask fuzz`, which installs schemathesis in target/fuzz-venv.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request

ADMIN = ("admin@fuzz.local", "fuzz-admin-password")
DEMO_COORDINATOR = ("coordination@demo.porte-voix.local", "demo-coordination")
DEMO_VOLUNTEER = ("benevole@demo.porte-voix.local", "demo-benevole")
DEMO_COUNCIL = ("conseil.bellevue@demo.porte-voix.local", "demo-conseil")
OTHER_COUNCIL = ("conseil.breil@fuzz.local", "fuzz-conseil-breil")
CHECKS = os.environ.get(
    "FUZZ_CHECKS",
    "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
)
# Two schemathesis processes at a time (one thread each: CPython's parser is not safe under
# hypothesis's threads). The most powerful accounts last: what they disable spoils no one else.
GROUPS = [["anonymous", "volunteer"], ["council", "other_council"], ["coordinator", "admin"]]
CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemathesis.toml")


def http(base, method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def login(base, account):
    status, body = http(base, "POST", "/api/v1/auth/login", body={"email": account[0], "password": account[1]})
    if status != 200:
        sys.exit(f"fuzz: cannot sign in as {account[0]}: {status} {body}")
    return body["access_token"]


def start_server(binary, database, env, workdir):
    log = open(os.path.join(workdir, "server.log"), "w")
    server = subprocess.Popen(
        [binary, "serve", "--bind", "127.0.0.1:0", "--database", database,
         "--static-dir", os.path.join(workdir, "no-static")],
        env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    for line in server.stdout:
        if line.startswith("listening on "):
            base = line.split("listening on ", 1)[1].strip()
            break
    else:
        sys.exit("fuzz: the server stopped before listening; see " + log.name)
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    return server, base


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/debug/portevoix")
    parser.add_argument("--schemathesis", default=os.path.join(os.path.dirname(sys.executable), "schemathesis"))
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--roles", default="anonymous,volunteer,council,other_council,coordinator,admin")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="portevoix-fuzz-")
    database = "sqlite://" + os.path.join(workdir, "fuzz.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTEVOIX_")}
    env.update({
        "PORTEVOIX_ADMIN_EMAIL": ADMIN[0],
        "PORTEVOIX_ADMIN_PASSWORD": ADMIN[1],
        "PORTEVOIX_JWT_SECRET": "fuzz-secret-fuzz-secret-fuzz-secret-0123456789",
        "PORTEVOIX_ACCESS_TOKEN_MINUTES": "120",
        "PORTEVOIX_LOG": "error",
    })
    seeded = subprocess.run([args.bin, "seed", "--demo", "--database", database], env=env,
                            capture_output=True, text=True)
    if seeded.returncode != 0:
        sys.exit(f"fuzz: seeding failed: {seeded.stderr}")
    server, base = start_server(args.bin, database, env, workdir)
    failed = []
    try:
        admin = login(base, ADMIN)
        _, councils = http(base, "GET", "/api/v1/councils", admin)
        breil = next(c["id"] for c in councils if c["name"] == "Conseil citoyen du Breil")
        http(base, "POST", "/api/v1/users", admin, {
            "email": OTHER_COUNCIL[0], "display_name": "Conseil du Breil", "role": "council_member",
            "password": OTHER_COUNCIL[1], "council_id": breil})
        # Every token first: fuzzing the sign-in throttles this address afterwards.
        tokens = {
            "anonymous": None,
            "volunteer": login(base, DEMO_VOLUNTEER),
            "council": login(base, DEMO_COUNCIL),
            "other_council": login(base, OTHER_COUNCIL),
            "coordinator": login(base, DEMO_COORDINATOR),
            "admin": admin,
        }
        wanted = args.roles.split(",")
        for group in GROUPS:
            runs = []
            for role in [r for r in group if r in wanted]:
                command = [args.schemathesis, "--no-color", "--config-file", CONFIG, "run",
                           base + "/api/v1/openapi.json",
                           "--checks", CHECKS, "--phases", "examples,coverage,fuzzing",
                           "--max-examples", str(args.max_examples), "--seed", str(args.seed),
                           "--workers", "1", "--warnings", "off", "--request-timeout", "30"]
                if tokens[role]:
                    # Signing every session out would leave the rest of the role's run to 401s
                    # (the endpoint has its own API test).
                    command += ["--header", "Authorization: Bearer " + tokens[role],
                                "--exclude-path", "/api/v1/auth/logout-all"]
                out = open(os.path.join(workdir, role + ".out"), "w+")
                runs.append((role, out, subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=workdir)))
            for role, out, process in runs:
                code = process.wait()
                out.seek(0)
                output = out.read()
                cases = re.search(r"(\d+) generated, ([^\n]*)", output)
                summary = cases.group(0) if cases else "no summary"
                print(f"fuzz {role}: {summary} (exit {code})", flush=True)
                if code != 0:
                    failed.append(role)
                    print(output[-20000:], flush=True)
            if server.poll() is not None:
                failed.append("server exited")
                break
        status, health = http(base, "GET", "/healthz")
        if status != 200:
            failed.append(f"healthz {status} {health}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failed:
        with open(os.path.join(workdir, "server.log")) as log:
            tail = log.read()[-5000:]
        print("server log (tail):\n" + tail)
        sys.exit("fuzz: failures for " + ", ".join(failed))
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"fuzz: 0 server errors, 0 schema violations ({args.max_examples} examples per operation, seed {args.seed})")


if __name__ == "__main__":
    main()
