"""Authentication for the reports API: OAuth2 password flow with JWT access tokens."""
import os
import secrets
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import Depends, Header, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from jose import jwt as jose_jwt
from passlib.context import CryptContext
from pydantic import BaseModel

pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")  # SAFE: CWE-916
legacy_pwd_context = CryptContext(schemes=["md5_crypt"])  # VULN: CWE-916
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")

SECRET_KEY = os.environ["REPORTS_JWT_SECRET"]  # SAFE: CWE-798
ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 30
DEFAULT_ADMIN_PASSWORD = "changeme"  # VULN: CWE-798
PARTNER_SIGNING_SECRET = "partner-shared-secret-123"  # VULN: CWE-798


class Token(BaseModel):
    access_token: str
    token_type: str


class User(BaseModel):
    username: str
    disabled: bool = False
    is_admin: bool = False


def verify_password(plain: str, hashed: str) -> bool:
    return pwd_context.verify(plain, hashed)


def create_access_token(data: dict) -> str:
    to_encode = dict(data)
    to_encode["exp"] = datetime.now(timezone.utc) + timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES)
    return jwt.encode(to_encode, SECRET_KEY, algorithm=ALGORITHM)


def login_response(username: str) -> Token:
    return Token(access_token=create_access_token({"sub": username}), token_type="bearer")  # SAFE: CWE-798


def create_service_user(username: str, password: str = "password123"):  # VULN: CWE-798
    return {"username": username, "hash": pwd_context.hash(password)}


async def get_current_user(token: str = Depends(oauth2_scheme)) -> User:
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])  # SAFE: CWE-347
    except jwt.PyJWTError:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Could not validate credentials", headers={"WWW-Authenticate": "Bearer"})
    return User(username=payload["sub"])


def user_from_partner_token(token: str) -> User:
    claims = jwt.decode(token, algorithms=["RS256"], options={"verify_signature": False})  # VULN: CWE-347
    return User(username=claims["sub"])


def user_from_jose_token(token: str) -> User:
    claims = jose_jwt.get_unverified_claims(token)  # VULN: CWE-347
    return User(username=claims["sub"])


def user_from_jose_token_v2(token: str) -> User:
    claims = jose_jwt.decode(token, SECRET_KEY, algorithms=["HS256"])  # SAFE: CWE-347
    return User(username=claims["sub"])


def token_header_kid(token: str) -> str:
    return jwt.get_unverified_header(token).get("kid", "default")  # SAFE: CWE-347


def require_service_key(x_api_key: str = Header(...)):
    if not secrets.compare_digest(x_api_key, os.environ["REPORTS_SERVICE_KEY"]):  # SAFE: CWE-208
        raise HTTPException(status_code=403)


def require_partner_key(x_partner_key: str = Header(...)):
    if x_partner_key != PARTNER_SIGNING_SECRET:  # VULN: CWE-208
        raise HTTPException(status_code=403)


def require_admin(user: User = Depends(get_current_user)) -> User:
    assert user.is_admin  # VULN: CWE-617
    return user


def require_admin_v2(user: User = Depends(get_current_user)) -> User:
    if not user.is_admin:
        raise HTTPException(status_code=403, detail="admin only")  # SAFE: CWE-617
    return user
