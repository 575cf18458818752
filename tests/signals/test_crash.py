"""Kill -9 the hub while reports pour in: every report it acknowledged is still there, and the hub
starts again on the same database and takes reports without repair."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from django.db import connection

from thorbecke.signals.models import ApiKey, ServiceRequest
from thorbecke.signals.open311 import hash_key

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow, pytest.mark.alone]
KEY = "crash-test-key"


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host = settings.get("HOST") or "127.0.0.1"
    return f"postgres://{settings['USER']}@{host}:{settings.get('PORT') or 5432}/{settings['NAME']}"


def start_hub(tmp_path, port: int) -> subprocess.Popen:
    env = {**os.environ, "THORBECKE_DATABASE_URL": database_url(), "THORBECKE_DATA_DIR": str(tmp_path)}
    hub = subprocess.Popen(
        [sys.executable, "-m", "thorbecke.cli", "hub", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches granian's workers too
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return hub
        except OSError:
            assert hub.poll() is None and time.monotonic() < deadline, "the hub did not start"
            time.sleep(0.2)


def post_until_refused(port: int, acknowledged: list[int], number: int) -> None:
    """Post over one kept-alive connection (few client ports: the suite's servers pick free ones) until it breaks."""
    body = {"api_key": KEY, "service_code": "grofvuil", "description": "Bank op de stoep"}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    for i in range(10_000):
        lat, lon = 52.08 + (i % 50) * 0.001, 5.10 + number * 0.01
        try:
            data = urllib.parse.urlencode({**body, "lat": f"{lat:.4f}", "long": f"{lon:.4f}"})
            connection.request("POST", "/open311/v2/requests.json", data, headers)
            response = connection.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            return
        if response.status == 201:
            acknowledged.append(int(json.loads(answer)[0]["service_request_id"]))


def test_no_acknowledged_report_is_lost_when_the_hub_is_killed(register, tmp_path):
    ApiKey.objects.create(name="crash test", key_hash=hash_key(KEY), per_minute=1_000_000, per_address=1_000_000)
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    number = port.getsockname()[1]
    port.close()
    hub = start_hub(tmp_path, number)
    acknowledged: list[int] = []
    clients = [threading.Thread(target=post_until_refused, args=(number, acknowledged, i)) for i in range(4)]
    for client in clients:
        client.start()
    # Killed in the middle of a stream of reports: after some were acknowledged (however loaded the machine is),
    # while the clients are still sending.
    deadline = time.monotonic() + 60
    while len(acknowledged) <= 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(hub.pid, signal.SIGKILL)
    hub.wait()
    for client in clients:
        client.join()
    assert len(acknowledged) > 20
    stored = set(ServiceRequest.objects.filter(pk__in=acknowledged).values_list("pk", flat=True))
    assert stored == set(acknowledged)

    hub = start_hub(tmp_path, number)
    try:
        again: list[int] = []
        post = threading.Thread(target=post_until_refused, args=(number, again, 9))
        post.start()
        time.sleep(1)
    finally:
        os.killpg(hub.pid, signal.SIGTERM)
        hub.wait()
        post.join()
    assert again and ServiceRequest.objects.filter(pk__in=again).count() == len(again)
