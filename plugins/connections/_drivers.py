"""Which pip package installs a database driver module SQLAlchemy failed to import."""

from __future__ import annotations

__all__ = ["pip_package_for"]

_PACKAGES = {
    "psycopg2": "psycopg2-binary",
    "psycopg": "psycopg[binary]",
    "asyncpg": "asyncpg",
    "pg8000": "pg8000",
    "pymysql": "PyMySQL",
    "MySQLdb": "mysqlclient",
    "mysql": "mysql-connector-python",
    "mariadb": "mariadb",
    "aiomysql": "aiomysql",
    "oracledb": "oracledb",
    "cx_Oracle": "oracledb",
    "pyodbc": "pyodbc",
    "pymssql": "pymssql",
    "duckdb": "duckdb-engine",
    "duckdb_engine": "duckdb-engine",
    "snowflake": "snowflake-sqlalchemy",
    "pysqlite2": "(none: use the sqlite:// scheme, whose driver ships with Python)",
    "aiosqlite": "aiosqlite",
    "trino": "trino[sqlalchemy]",
    "clickhouse_sqlalchemy": "clickhouse-sqlalchemy",
    "databricks": "databricks-sqlalchemy",
    "sqlalchemy_bigquery": "sqlalchemy-bigquery",
}


def pip_package_for(module: str | None) -> str:
    """The package to ``pip install`` for a missing driver module (its top-level name if unknown)."""
    if not module:
        return "the driver package your database's SQLAlchemy dialect documents"
    top = module.split(".")[0]
    return _PACKAGES.get(module, _PACKAGES.get(top, top))
