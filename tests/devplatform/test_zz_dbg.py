import pytest
from tests.devplatform.test_token import other_key
from tests.devplatform.test_token import token_request
import time
def test_dbg(dev, tool, other_key):
    aud=f"{dev.url}/token"
    for name, a in [("nokid", tool.assertion(aud, headers={"kid": None})), ("wrongsig", tool.assertion(aud, key=other_key)),
                    ("unknownkid", tool.assertion(aud, headers={"kid":"unknown"})), ("aud", tool.assertion("https://x/token")),
                    ("exp", tool.assertion(aud, exp=int(time.time())-60)), ("iat", tool.assertion(aud, iat=int(time.time())+600)),
                    ("iss", tool.assertion(aud, iss="x")), ("sub", tool.assertion(aud, sub="x")), ("jti", tool.assertion(aud, jti=None)),
                    ("hs", tool.assertion(aud, key="a-shared-secret-long-enough-for-hs256", algorithm="HS256")), ("nojwt","x")]:
        r = dev.http.post(aud, data=token_request(dev, a))
        print(name, r.status_code, r.json())
