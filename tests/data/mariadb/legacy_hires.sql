-- binlog2kafka fixture: MariaDB 5.3 "hires" temporal columns (run by
-- scripts/gen-fixtures.sh into legacy-hires.000001).
--
-- TIME(n), DATETIME(n), TIMESTAMP(n) with n > 0 created with
-- mysql56_temporal_format=OFF (or before MariaDB 10.1.2, and never altered
-- since) keep the old MariaDB 5.3 storage format. The table map logs them as
-- MYSQL_TYPE_TIME / DATETIME / TIMESTAMP with no metadata, so the value width
-- (3 + ceil(n/2), 5 + ceil(n/2), 4 + ceil(n/2) bytes) is known only from the
-- schema: information_schema.COLUMNS.COLUMN_TYPE says e.g.
-- "time(3) /* mariadb-5.3 */". mariadb-binlog -v cannot decode these rows, so
-- this file ships with plain mariadb-binlog output and with the values the
-- server returns for the table (legacy-hires.expected.tsv).

SET NAMES utf8mb4;
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
SET SESSION time_zone = '+00:00';
SET SESSION timestamp = 1700100000;

CREATE DATABASE b2k_legacy CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE b2k_legacy;
SET GLOBAL mysql56_temporal_format = OFF;
CREATE TABLE t_legacy_hires (
    id INT NOT NULL PRIMARY KEY,
    t1 TIME(1), t3 TIME(3), t6 TIME(6),
    dt1 DATETIME(1), dt3 DATETIME(3), dt6 DATETIME(6),
    ts1 TIMESTAMP(1) NULL DEFAULT NULL, ts3 TIMESTAMP(3) NULL DEFAULT NULL,
    ts6 TIMESTAMP(6) NULL DEFAULT NULL,
    after_col INT
) ENGINE=InnoDB;
SET GLOBAL mysql56_temporal_format = ON;

INSERT INTO t_legacy_hires VALUES
    (1, '00:00:00', '00:00:00', '00:00:00',
        '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
        '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 1),
    (2, '-838:59:59', '-838:59:59.000', '-838:59:59.000000',
        '1000-01-01 00:00:00.0', '1000-01-01 00:00:00.000', '1000-01-01 00:00:00.000000',
        '1970-01-01 00:00:01.0', '1970-01-01 00:00:01.000', '1970-01-01 00:00:01.000000', 2),
    (3, '838:59:59.9', '838:59:59.999', '838:59:59.999999',
        '9999-12-31 23:59:59.9', '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999999',
        '2038-01-19 03:14:07.9', '2038-01-19 03:14:07.999', '2038-01-19 03:14:07.999999', 3),
    (4, '-00:00:00.5', '-00:00:00.001', '-12:34:56.789012',
        '2024-02-29 13:45:01.2', '2024-02-29 13:45:01.250', '2024-02-29 13:45:01.250123',
        '2024-02-29 13:45:01.2', '2024-02-29 13:45:01.250', '2024-02-29 13:45:01.250123', 4),
    (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 5);
