#!/usr/bin/env python3
"""The web UI in a real headless browser (Debian's chromium, driven by Selenium) against a
real `stele serve` holding a few hundred subjects: list and filter, open a version, follow a
reference both ways, diff two versions and see the breaking change marked, try an
incompatible change and see its witness, register a compatible one, search inside schemas,
and bad input (an unknown subject in the URL, invalid schema text) shown as a clear message.
Then 10,000 subjects: the first page's time, as the browser measures it (reported, not
asserted). Each step saves a screenshot under $STELE_UI_SHOTS (default .build/ui-screenshots).
Usage: ui_test.py STELE_BINARY PORT."""
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
url = f"http://127.0.0.1:{port}"
shots = os.environ.get("STELE_UI_SHOTS", os.path.join(".build", "ui-screenshots"))
os.makedirs(shots, exist_ok=True)
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def post(path, body):
    r = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(r).read())


def put(path, body):
    r = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="PUT", headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(r).read())


def record(name, fields, namespace="shop"):
    return json.dumps({"type": "record", "name": name, "namespace": namespace, "fields": fields})


stele_process.start(binary, port, ":memory:")
# A few hundred subjects, a reference, and an orders subject with three versions.
for i in range(300):
    post(f"/subjects/topic-{i:03d}-value/versions", {"schema": record(f"T{i}", [{"name": "n", "type": "int"}])})
post("/subjects/customer-value/versions", {"schema": record("Customer", [{"name": "email", "type": "string", "doc": "where receipts go"}])})
post("/subjects/orders-value/versions", {"schema": record("Order", [{"name": "id", "type": "long"}])})
post("/subjects/orders-value/versions", {"schema": record("Order", [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}])})
put("/config/orders-value", {"compatibility": "NONE"})
post("/subjects/orders-value/versions", {"schema": record("Order", [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""},
                                                                  {"name": "total", "type": "double"}])})
put("/config/orders-value", {"compatibility": "BACKWARD"})
post("/subjects/invoice-value/versions", {"schema": record("Invoice", [{"name": "customer", "type": "shop.Customer"}]),
                                          "references": [{"name": "shop.Customer", "subject": "customer-value", "version": 1}]})
post("/subjects/cards-value/versions", {"schemaType": "JSON", "schema": json.dumps({"type": "object", "properties": {"holder": {"type": "string"}}})})

options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 15)


def shot(name):
    driver.save_screenshot(os.path.join(shots, f"{name}.png"))


def go(hash_):
    driver.get(f"{url}/ui/{hash_}")


def text(css):
    return wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css))).text


try:
    # A browser at / lands on the UI; the list shows the first page.
    driver.get(url + "/")
    wait.until(EC.url_contains("/ui/"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#subjects tbody tr")))
    check(driver.title == "Subjects · Stele", f"the page title names the view ({driver.title})")
    check("1–100 of 304" in text("#count"), f"paging over every subject ({text('#count')})")
    shot("01-subjects")

    # Filter from the keyboard: / focuses the filter, Enter applies it; the URL keeps it.
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    active = driver.switch_to.active_element
    check(active.get_attribute("name") == "filter", "/ focuses the filter")
    active.send_keys("orders", Keys.ENTER)
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#count"), "1–1 of 1"))
    check("filter=orders" in driver.current_url, "the filtered list has its own URL")
    check(text("#subjects tbody").startswith("orders-value"), "the filter finds orders-value")
    shot("02-filtered")

    # A version: highlighted text, id, GUID; references both ways, as links.
    go("#/subjects/invoice-value/versions/1")
    check(text("#schema-id") == "5" or text("#schema-id").isdigit(), "the version shows its id")
    check(len(text("#guid")) == 36, "and its GUID")
    check(driver.find_elements(By.CSS_SELECTOR, "#schema .k"), "the schema text is highlighted")
    driver.find_element(By.CSS_SELECTOR, "#references a").click()
    wait.until(EC.url_contains("customer-value/versions/1"))
    check("invoice-value version 1" in text("#referenced-by"), "the referenced schema lists what uses it")
    shot("03-reference")

    # Diff: each change with its impact; the breaking one marked, highlighted in both texts.
    go("#/subjects/orders-value/diff/2/3")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#changes tbody tr")))
    breaking = driver.find_elements(By.CSS_SELECTOR, "#changes tr.breaks-backward, #changes tr.breaks-both")
    check(breaking and "total" in breaking[0].text and "BACKWARD" in breaking[0].text, f"the new field without a default breaks BACKWARD ({text('#changes')})")
    check(driver.find_elements(By.CSS_SELECTOR, "#right .line.changed"), "the change is highlighted in the new text")
    shot("04-diff")

    # Try an incompatible change: rule id and witness; then a compatible one, registered.
    go("#/subjects/orders-value/try")
    area = wait.until(EC.visibility_of_element_located((By.ID, "schema-text")))
    area.clear()
    area.send_keys(record("Order", [{"name": "id", "type": "string"}]))
    driver.find_element(By.ID, "check").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "result"), "Breaks"))
    check(driver.find_elements(By.CSS_SELECTOR, "#findings .rule") and "Witness" in text("#findings"), f"the incompatibility with its rule and witness ({text('#result')})")
    check(not driver.find_element(By.ID, "register").is_enabled(), "an incompatible change cannot be registered")
    shot("05-try-incompatible")
    area.clear()
    area.send_keys(record("Order", [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""},
                                    {"name": "total", "type": "double"}, {"name": "currency", "type": "string", "default": "EUR"}]))
    driver.find_element(By.ID, "check").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "result"), "Compatible"))
    driver.find_element(By.ID, "register").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "result"), "Registered"))
    check("version 4" in text("#registered"), f"the compatible change registered as version 4 ({text('#result')})")
    shot("06-registered")

    # Search inside schemas.
    search = driver.find_element(By.ID, "search-q")
    search.clear()
    search.send_keys("receipts", Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#hits li")))
    check("customer-value" in text("#hits"), "doc text is found")
    shot("07-search")

    # Bad input: clear messages, never a blank page.
    go("#/subjects/no-such-subject")
    check("not found" in text(".error").lower(), "an unknown subject in the URL says so")
    shot("08-unknown-subject")
    go("#/subjects/orders-value/try")
    area = wait.until(EC.visibility_of_element_located((By.ID, "schema-text")))
    area.clear()
    area.send_keys("{ this is not a schema")
    driver.find_element(By.ID, "check").click()
    check("Invalid schema" in text(".error") or "invalid" in text(".error").lower(), f"invalid schema text says why ({text('.error')})")
    shot("09-invalid-schema")

    # 10,000 subjects: the first page, timed by the browser.
    for i in range(300, 10_000):
        post(f"/subjects/topic-{i:05d}-value/versions", {"schema": record(f"T{i}", [{"name": "n", "type": "int"}])})
    go("#/?filter=")
    driver.refresh()
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#count"), "of 10004"))
    ms = driver.find_element(By.ID, "main").get_attribute("data-render-ms")
    nav = driver.execute_script("const n = performance.getEntriesByType('navigation')[0]; return n ? Math.round(n.domContentLoadedEventEnd) : null")
    check(ms is not None, "the list reports its render time")
    shot("10-ten-thousand")
    print(f"ui: 10,004 subjects: first page fetched and rendered in {ms} ms (page DOMContentLoaded at {nav} ms)")
finally:
    driver.quit()

print(f"ui: {checks} checks passed in headless chromium; screenshots in {shots}")
