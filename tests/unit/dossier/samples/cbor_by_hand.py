#!/usr/bin/env python3
"""The pinned dossier encodings of serialization_test.cpp, computed without
the station's code: a CBOR writer written from RFC 8949 section 3 (definite
lengths, shortest argument) with map keys in byte order, as the dossier
README documents. Run it to print the hex and SHA-256 the test pins."""
import hashlib


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | extra]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor(value):
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(v) for v in value)
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-8"))
        return head(5, len(keys)) + b"".join(cbor(k) + cbor(value[k]) for k in keys)
    raise TypeError(value)


def capture(fill, size, fmt="wsq"):
    return {"v": 1, "format": fmt, "width": 800, "height": 750, "ppi": 500, "image": bytes([fill]) * size,
            "quality": 61, "retries": 2, "accepted_below_threshold": True, "captured_at_ms": 1748764800123}


demographics = {"v": 1, "full_name": "Trần Văn Đức", "date_of_birth": "1987-03", "sex": "male",
                "nationality": "VNM", "ethnicity": "", "religion": "", "place_of_origin": "",
                "place_of_residence": "", "personal_id": "001087000001", "father_name": "", "mother_name": ""}
fingers = [{"v": 1, "status": "captured", "capture": capture(i, 100)} for i in range(10)]
fingers[7] = {"v": 1, "status": "amputated"}
dossier = {"v": 1, "id": "6f1c2a4e-0000-4000-8000-000000000001", "station_id": "station-1",
           "officer_id": "officer-1", "supervisor_id": "supervisor-1", "created_at_ms": 1748764800000,
           "updated_at_ms": 1748764900000, "demographics": demographics, "fingers": fingers,
           "face": capture(0xFA, 300, "jpeg2000")}

print("amputated slot     ", cbor({"v": 1, "status": "amputated"}).hex())
print("capture (3 bytes)  ", cbor(capture(0xFA, 3)).hex())
print("demographics       ", cbor(demographics).hex())
print("sample() SHA-256   ", hashlib.sha256(cbor(dossier)).hexdigest())
