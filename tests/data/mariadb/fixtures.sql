-- binlog2kafka golden fixtures for MariaDB (run by scripts/gen-fixtures.sh).
--
-- Every column type MariaDB 10.11 has, with edge values, and the statement
-- shapes a CDC reader must survive. The script runs once per
-- binlog_row_metadata x binlog_row_image combination (set globally by the
-- generator, never here), so nothing below may depend on those settings.
--
-- Conventions:
--   * each section starts with SET timestamp = 1700000000 + 100 * section, so
--     event timestamps and CURRENT_TIMESTAMP defaults are fixed;
--   * every type table has `id` (primary key) and `rev` (bumped by one UPDATE
--     per table, so FULL images carry every value twice and MINIMAL images
--     show the difference);
--   * statements that are expected to fail are marked "-- EXPECT ERROR nnnn";
--     gen-fixtures.sh runs with --force and checks that exactly those fail.
--
-- Must run as root over a utf8mb4 connection (the generator does that).

SET NAMES utf8mb4;
-- Non-strict, and without NO_ZERO_DATE / NO_ZERO_IN_DATE: zero dates and
-- invalid ENUM values must be storable.
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
SET SESSION time_zone = '+00:00';
SET SESSION timestamp = 1700000000;

-- ---------------------------------------------------------------- 1. schema
SET SESSION timestamp = 1700000100;
CREATE DATABASE b2k CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE b2k;

CREATE TABLE t_int (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    ti TINYINT, tiu TINYINT UNSIGNED,
    si SMALLINT, siu SMALLINT UNSIGNED,
    mi MEDIUMINT, miu MEDIUMINT UNSIGNED,
    i INT, iu INT UNSIGNED,
    bi BIGINT, biu BIGINT UNSIGNED,
    bo BOOLEAN,
    iz INT(8) UNSIGNED ZEROFILL
) ENGINE=InnoDB;

CREATE TABLE t_bit (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    b1 BIT(1), b7 BIT(7), b8 BIT(8), b10 BIT(10), b63 BIT(63), b64 BIT(64)
) ENGINE=InnoDB;

CREATE TABLE t_float (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    f FLOAT, d DOUBLE, f73 FLOAT(7,3), d154 DOUBLE(15,4)
) ENGINE=InnoDB;

CREATE TABLE t_decimal (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    d65_30 DECIMAL(65,30),
    d65_0 DECIMAL(65,0),
    d38_38 DECIMAL(38,38),
    d10_0 DECIMAL(10,0),
    d5_2 DECIMAL(5,2),
    d18_9 DECIMAL(18,9),
    d9_4u DECIMAL(9,4) UNSIGNED,
    d1_0 DECIMAL(1,0)
) ENGINE=InnoDB;

CREATE TABLE t_temporal (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    y YEAR, d DATE,
    t0 TIME, t1 TIME(1), t2 TIME(2), t3 TIME(3), t4 TIME(4), t5 TIME(5), t6 TIME(6),
    dt0 DATETIME, dt1 DATETIME(1), dt2 DATETIME(2), dt3 DATETIME(3),
    dt4 DATETIME(4), dt5 DATETIME(5), dt6 DATETIME(6),
    ts0 TIMESTAMP NULL DEFAULT NULL, ts1 TIMESTAMP(1) NULL DEFAULT NULL,
    ts2 TIMESTAMP(2) NULL DEFAULT NULL, ts3 TIMESTAMP(3) NULL DEFAULT NULL,
    ts4 TIMESTAMP(4) NULL DEFAULT NULL, ts5 TIMESTAMP(5) NULL DEFAULT NULL,
    ts6 TIMESTAMP(6) NULL DEFAULT NULL,
    -- follows SET timestamp: deterministic
    ts_auto TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

-- Tables created before MariaDB 10.1.2 (or with mysql56_temporal_format=OFF)
-- keep the old TIME/DATETIME/TIMESTAMP formats: MYSQL_TYPE_TIME (11),
-- MYSQL_TYPE_DATETIME (12) and MYSQL_TYPE_TIMESTAMP (7) in the table map
-- instead of the *2 types. With a fractional part (TIME(3) etc.) the old
-- MariaDB 5.3 format is not decodable from the binlog alone (no metadata, and
-- mariadb-binlog -v gives up): that case lives in legacy_hires.sql.
SET GLOBAL mysql56_temporal_format = OFF;
CREATE TABLE t_legacy_temporal (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    t TIME, dt DATETIME, ts TIMESTAMP NULL DEFAULT NULL
) ENGINE=InnoDB;
SET GLOBAL mysql56_temporal_format = ON;

CREATE TABLE t_str (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    c_u8mb4 CHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci,
    v_u8mb4 VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    c_u8mb3 CHAR(10) CHARACTER SET utf8mb3,
    v_u8mb3 VARCHAR(50) CHARACTER SET utf8mb3,
    c_latin1 CHAR(10) CHARACTER SET latin1,
    v_latin1 VARCHAR(50) CHARACTER SET latin1,
    v_ascii VARCHAR(50) CHARACTER SET ascii,
    c_cp1251 CHAR(10) CHARACTER SET cp1251,
    v_cp1251 VARCHAR(50) CHARACTER SET cp1251,
    c_binary CHAR(10) CHARACTER SET binary,
    v_ucs2 VARCHAR(10) CHARACTER SET ucs2,
    v_utf16 VARCHAR(10) CHARACTER SET utf16,
    c_utf32 CHAR(4) CHARACTER SET utf32,
    nc NATIONAL CHAR(5),
    c0 CHAR(0) NULL
) ENGINE=InnoDB;

-- Length-prefix and metadata edges: VARCHAR length prefix is 1 byte up to 255
-- bytes of maximum length, else 2; CHAR wider than 255 bytes (utf8mb4 CHAR(64+),
-- utf8mb3 CHAR(86+)) needs the real-type/length bit trick in the table map.
CREATE TABLE t_str_len (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    v63_u8mb4 VARCHAR(63) CHARACTER SET utf8mb4,
    v64_u8mb4 VARCHAR(64) CHARACTER SET utf8mb4,
    v255_latin1 VARCHAR(255) CHARACTER SET latin1,
    v256_latin1 VARCHAR(256) CHARACTER SET latin1,
    v300_u8mb4 VARCHAR(300) CHARACTER SET utf8mb4,
    c63_u8mb4 CHAR(63) CHARACTER SET utf8mb4,
    c64_u8mb4 CHAR(64) CHARACTER SET utf8mb4,
    c85_u8mb3 CHAR(85) CHARACTER SET utf8mb3,
    c86_u8mb3 CHAR(86) CHARACTER SET utf8mb3,
    c255_u8mb4 CHAR(255) CHARACTER SET utf8mb4,
    c255_latin1 CHAR(255) CHARACTER SET latin1
) ENGINE=InnoDB;

CREATE TABLE t_text (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    tt TINYTEXT CHARACTER SET utf8mb4,
    tx TEXT CHARACTER SET utf8mb4,
    mt MEDIUMTEXT CHARACTER SET utf8mb4,
    lt LONGTEXT CHARACTER SET utf8mb4,
    tx_latin1 TEXT CHARACTER SET latin1,
    tx_cp1251 TEXT CHARACTER SET cp1251,
    tx_u8mb3 TEXT CHARACTER SET utf8mb3,
    tx_ascii TINYTEXT CHARACTER SET ascii
) ENGINE=InnoDB;

CREATE TABLE t_bin (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    b4 BINARY(4),
    b16 BINARY(16),
    vb VARBINARY(300),
    tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB
) ENGINE=InnoDB;

-- One value above 65535 bytes (3-byte length prefix actually used). Inserted
-- once, after the rotation (section 22), and never updated, to keep each file
-- under 200 KB.
CREATE TABLE t_bigblob (
    id INT NOT NULL PRIMARY KEY,
    mb MEDIUMBLOB,
    lt LONGTEXT CHARACTER SET latin1
) ENGINE=InnoDB;

-- ENUM with more than 255 members is stored in 2 bytes; SET of n members in
-- ceil(n/8) bytes (64 members: 8).
SELECT CONCAT(
    'CREATE TABLE t_enum_set (',
    ' id INT NOT NULL PRIMARY KEY, rev INT NOT NULL DEFAULT 0,',
    ' e ENUM(''a'',''b'',''c''),',
    ' e_u8 ENUM(''é'',''😀'',''x y'') CHARACTER SET utf8mb4,',
    ' e_latin1 ENUM(''é'',''€'') CHARACTER SET latin1,',
    ' e300 ENUM(', (SELECT GROUP_CONCAT(CONCAT('''e', seq, '''') ORDER BY seq) FROM mysql.seq_1_to_300), '),',
    ' s SET(''x'',''y'',''z''),',
    ' s9 SET(', (SELECT GROUP_CONCAT(CONCAT('''n', seq, '''') ORDER BY seq) FROM mysql.seq_1_to_9), '),',
    ' s64 SET(', (SELECT GROUP_CONCAT(CONCAT('''m', seq, '''') ORDER BY seq) FROM mysql.seq_0_to_63), ')',
    ') ENGINE=InnoDB') INTO @ddl;
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

CREATE TABLE t_json (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    j JSON,
    j_checked LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin CHECK (JSON_VALID(j_checked))
) ENGINE=InnoDB;

CREATE TABLE t_geo (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    g GEOMETRY, p POINT, l LINESTRING, pg POLYGON,
    mp MULTIPOINT, ml MULTILINESTRING, mpg MULTIPOLYGON, gc GEOMETRYCOLLECTION,
    p4326 POINT REF_SYSTEM_ID=4326
) ENGINE=InnoDB;

-- UUID, INET4, INET6: binary on the wire (16, 4, 16 bytes, logged as
-- MYSQL_TYPE_STRING); the type is known only from the schema.
CREATE TABLE t_newtypes (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    u UUID, i4 INET4, i6 INET6
) ENGINE=InnoDB;

-- MariaDB column compression: MYSQL_TYPE_VARCHAR_COMPRESSED (140) and
-- MYSQL_TYPE_BLOB_COMPRESSED (141) in the table map; values are zlib-wrapped.
CREATE TABLE t_compressed (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    vc VARCHAR(1000) COMPRESSED CHARACTER SET utf8mb4,
    bc BLOB COMPRESSED,
    tc TEXT COMPRESSED CHARACTER SET latin1
) ENGINE=InnoDB;

CREATE TABLE t_generated (
    id INT NOT NULL PRIMARY KEY,
    rev INT NOT NULL DEFAULT 0,
    a INT,
    secret VARCHAR(20) INVISIBLE DEFAULT 'hidden',
    v_virtual INT AS (a * 2) VIRTUAL,
    v_persistent INT AS (a + 1) PERSISTENT,
    v_stored VARCHAR(30) AS (CONCAT('x', a)) STORED,
    idx_virtual INT AS (a * 3) VIRTUAL,
    KEY (idx_virtual)
) ENGINE=InnoDB;

CREATE TABLE t_nopk (
    a INT,
    b VARCHAR(10)
) ENGINE=InnoDB;

-- A NOT NULL UNIQUE key with no PRIMARY KEY: InnoDB uses it as the clustered key.
CREATE TABLE t_uk (
    code VARCHAR(10) NOT NULL,
    x INT,
    UNIQUE KEY (code)
) ENGINE=InnoDB;

-- Composite key declared in an order different from the columns.
CREATE TABLE t_composite (
    a INT NOT NULL,
    b VARCHAR(10) NOT NULL,
    c INT,
    PRIMARY KEY (b, a)
) ENGINE=InnoDB;

-- 260 columns: the column count is a 3-byte length-encoded integer (0xfc ..)
-- and the null/present bitmaps are 33 bytes.
SELECT CONCAT('CREATE TABLE t_wide (id INT NOT NULL PRIMARY KEY, ',
    (SELECT GROUP_CONCAT(CONCAT('c', seq, ' TINYINT DEFAULT ', seq % 100) ORDER BY seq SEPARATOR ', ')
       FROM mysql.seq_1_to_259),
    ') ENGINE=InnoDB') INTO @ddl;
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

CREATE TABLE t_dml (
    id INT NOT NULL PRIMARY KEY,
    name VARCHAR(20),
    qty INT NOT NULL DEFAULT 0,
    pad VARCHAR(300)
) ENGINE=InnoDB;

CREATE TABLE t_audit (
    seq INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dml_id INT,
    what VARCHAR(10)
) ENGINE=InnoDB;

CREATE TRIGGER t_dml_ai AFTER INSERT ON t_dml FOR EACH ROW
    INSERT INTO t_audit (dml_id, what) VALUES (NEW.id, 'insert');

CREATE TABLE t_myisam (id INT NOT NULL PRIMARY KEY, v VARCHAR(10)) ENGINE=MyISAM;
CREATE TABLE t_aria (id INT NOT NULL PRIMARY KEY, v VARCHAR(10)) ENGINE=Aria;
CREATE TABLE t_xa (id INT NOT NULL PRIMARY KEY, v VARCHAR(10)) ENGINE=InnoDB;

-- ---------------------------------------------------------------- 2. integers
SET SESSION timestamp = 1700000200;
INSERT INTO t_int (id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, bo, iz) VALUES
    (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, 0, 0),
    (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,
        9223372036854775807, 18446744073709551615, 1, 4294967295),
    (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    (4, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, 1, 1),
    (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (6, 100, 200, -12345, 54321, -1234567, 12345678, -123456789, 3123456789,
        -1234567890123456789, 12345678901234567890, 0, 42);

-- ---------------------------------------------------------------- 3. bits
SET SESSION timestamp = 1700000300;
INSERT INTO t_bit (id, b1, b7, b8, b10, b63, b64) VALUES
    (1, b'0', b'0', b'0', b'0', b'0', b'0'),
    (2, b'1', b'1111111', b'11111111', b'1111111111',
        b'111111111111111111111111111111111111111111111111111111111111111',
        b'1111111111111111111111111111111111111111111111111111111111111111'),
    (3, b'1', b'1010101', b'10000001', b'1000000001',
        b'100000000000000000000000000000000000000000000000000000000000001',
        b'1000000000000000000000000000000000000000000000000000000000000001'),
    (4, NULL, NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 4. floating point
SET SESSION timestamp = 1700000400;
INSERT INTO t_float (id, f, d, f73, d154) VALUES
    (1, 0, 0, 0, 0),
    -- MariaDB stores -0 as 0
    (2, -0e0, -0e0, -0.0, -0.0),
    (3, 1.5, -1.5, 1234.567, -12345678901.2345),
    (4, 0.1, 0.1, -9999.999, 99999999999.9999),
    (5, 3.40282e38, 1.7976931348623157e308, 0.001, 0.0001),
    (6, -3.40282e38, -1.7976931348623157e308, NULL, NULL),
    (7, 1.17549e-38, 2.2250738585072014e-308, NULL, NULL),
    (8, 1.4e-45, 4.9e-324, NULL, NULL),
    (9, 16777217, 9007199254740993, NULL, NULL),
    (10, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 5. decimals
SET SESSION timestamp = 1700000500;
INSERT INTO t_decimal (id, d65_30, d65_0, d38_38, d10_0, d5_2, d18_9, d9_4u, d1_0) VALUES
    (1, 0, 0, 0, 0, 0, 0, 0, 0),
    (2, '99999999999999999999999999999999999.999999999999999999999999999999',
        '99999999999999999999999999999999999999999999999999999999999999999',
        '0.99999999999999999999999999999999999999',
        9999999999, 999.99, 999999999.999999999, 99999.9999, 9),
    (3, '-99999999999999999999999999999999999.999999999999999999999999999999',
        '-99999999999999999999999999999999999999999999999999999999999999999',
        '-0.99999999999999999999999999999999999999',
        -9999999999, -999.99, -999999999.999999999, 0, -9),
    (4, '0.000000000000000000000000000001', 1, '0.00000000000000000000000000000000000001',
        1, 0.01, 0.000000001, 0.0001, 1),
    (5, '-0.000000000000000000000000000001', -1, '-0.00000000000000000000000000000000000001',
        -1, -0.01, -0.000000001, 1, -1),
    (6, '-12.340', '123456789012345678901234567890', '0.5', 1234567890, -12.34, -123.456789,
        1234.5678, 5),
    (7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 6. temporal
SET SESSION timestamp = 1700000600;
INSERT INTO t_temporal (id, y, d, t0, t1, t2, t3, t4, t5, t6,
                        dt0, dt1, dt2, dt3, dt4, dt5, dt6,
                        ts0, ts1, ts2, ts3, ts4, ts5, ts6) VALUES
    -- zero values
    (1, 0, '0000-00-00', '00:00:00', '00:00:00', '00:00:00', '00:00:00', '00:00:00', '00:00:00',
        '00:00:00',
        '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
        '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
        '0000-00-00 00:00:00',
        '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
        '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
        '0000-00-00 00:00:00'),
    -- minimum values
    (2, 1901, '1000-01-01', '-838:59:59', '-838:59:59', '-838:59:59', '-838:59:59',
        '-838:59:59', '-838:59:59', '-838:59:59',
        '1000-01-01 00:00:00', '1000-01-01 00:00:00.0', '1000-01-01 00:00:00.00',
        '1000-01-01 00:00:00.000', '1000-01-01 00:00:00.0000', '1000-01-01 00:00:00.00000',
        '1000-01-01 00:00:00.000000',
        '1970-01-01 00:00:01', '1970-01-01 00:00:01.0', '1970-01-01 00:00:01.00',
        '1970-01-01 00:00:01.000', '1970-01-01 00:00:01.0000', '1970-01-01 00:00:01.00000',
        '1970-01-01 00:00:01.000000'),
    -- maximum values
    (3, 2155, '9999-12-31', '838:59:59', '838:59:59.0', '838:59:59.00', '838:59:59.000',
        '838:59:59.0000', '838:59:59.00000', '838:59:59.000000',
        '9999-12-31 23:59:59', '9999-12-31 23:59:59.9', '9999-12-31 23:59:59.99',
        '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.9999', '9999-12-31 23:59:59.99999',
        '9999-12-31 23:59:59.999999',
        '2038-01-19 03:14:07', '2038-01-19 03:14:07.9', '2038-01-19 03:14:07.99',
        '2038-01-19 03:14:07.999', '2038-01-19 03:14:07.9999', '2038-01-19 03:14:07.99999',
        '2038-01-19 03:14:07.999999'),
    -- negative fractions (the stored TIME2 is negative and the fraction borrows)
    (4, 2000, '2024-02-29', '-00:00:01', '-00:00:00.5', '-00:00:00.01', '-00:00:00.001',
        '-00:00:00.0001', '-00:00:00.00001', '-00:00:00.000001',
        '2024-02-29 13:45:01', '2024-02-29 13:45:01.2', '2024-02-29 13:45:01.25',
        '2024-02-29 13:45:01.250', '2024-02-29 13:45:01.2501', '2024-02-29 13:45:01.25012',
        '2024-02-29 13:45:01.250123',
        '2024-02-29 13:45:01', '2024-02-29 13:45:01.2', '2024-02-29 13:45:01.25',
        '2024-02-29 13:45:01.250', '2024-02-29 13:45:01.2501', '2024-02-29 13:45:01.25012',
        '2024-02-29 13:45:01.250123'),
    (5, 1999, '1999-12-31', '-12:34:56', '-12:34:56.7', '-12:34:56.78', '-12:34:56.789',
        '-12:34:56.7890', '-12:34:56.78901', '-12:34:56.789012',
        '1999-12-31 23:59:59', '1999-12-31 23:59:59.1', '1999-12-31 23:59:59.01',
        '1999-12-31 23:59:59.001', '1999-12-31 23:59:59.0001', '1999-12-31 23:59:59.00001',
        '1999-12-31 23:59:59.000001',
        '1999-12-31 23:59:59', '1999-12-31 23:59:59.1', '1999-12-31 23:59:59.01',
        '1999-12-31 23:59:59.001', '1999-12-31 23:59:59.0001', '1999-12-31 23:59:59.00001',
        '1999-12-31 23:59:59.000001'),
    -- partially zero dates (allowed without NO_ZERO_IN_DATE)
    (6, 2024, '2024-00-00', '100:00:00', '00:00:00.1', '00:00:00.12', '00:00:00.123',
        '00:00:00.1234', '00:00:00.12345', '00:00:00.123456',
        '2024-02-00 10:00:00', '2024-00-00 00:00:00.5', NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- TIMESTAMP values are stored in UTC: the same wall-clock text from other
-- session time zones lands on other instants.
SET SESSION time_zone = '+05:30';
INSERT INTO t_temporal (id, dt0, ts0, ts3, ts6) VALUES
    (8, '2024-01-01 12:00:00', '2024-01-01 12:00:00', '2024-01-01 12:00:00.123',
        '2024-01-01 12:00:00.123456');
SET SESSION time_zone = '-08:00';
INSERT INTO t_temporal (id, dt0, ts0, ts3, ts6) VALUES
    (9, '2024-01-01 12:00:00', '2024-01-01 12:00:00', '2024-01-01 12:00:00.123',
        '2024-01-01 12:00:00.123456');
SET SESSION time_zone = '+00:00';

INSERT INTO t_legacy_temporal (id, t, dt, ts) VALUES
    (1, '00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
    (2, '-838:59:59', '1000-01-01 00:00:00', '1970-01-01 00:00:01'),
    (3, '838:59:59', '9999-12-31 23:59:59', '2038-01-19 03:14:07'),
    (4, '-00:00:01', '2024-02-29 13:45:01', '2024-02-29 13:45:01'),
    (5, '-12:34:56', '2024-00-00 00:00:00', NULL),
    (6, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 7. strings
SET SESSION timestamp = 1700000700;
INSERT INTO t_str (id, c_u8mb4, v_u8mb4, c_u8mb3, v_u8mb3, c_latin1, v_latin1, v_ascii,
                   c_cp1251, v_cp1251, c_binary, v_ucs2, v_utf16, c_utf32, nc, c0) VALUES
    (1, 'hello', 'hello', 'hello', 'hello', 'hello', 'hello', 'hello',
        'hello', 'hello', 'hello', 'hello', 'hello', 'abcd', 'hello', ''),
    (2, 'héllo😀', 'ünïcödé 😀 𝄞 中文', 'héllo€', 'ünïcödé € 中文', 'héllo', 'ünïcödé €',
        'plain', 'Привет', 'Съешь же ещё', X'00FF7F80', 'Ωmega', 'a😀b', '😀é€a', 'ñandú', NULL),
    -- empty strings are not NULL
    (3, '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''),
    -- trailing spaces: stripped from CHAR, kept in VARCHAR
    (4, 'a  ', 'a  ', 'a  ', 'a  ', 'a  ', 'a  ', 'a  ', 'a  ', 'a  ', 'a  ', 'a  ', 'a  ',
        'a ', 'a  ', NULL),
    -- latin1 (= cp1252 in MariaDB) 0x80-0x9F, including the five positions
    -- cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D); cp1251 0x80-0x9F
    -- including its one undefined position 0x98; NUL bytes inside text
    (5, 'a\0b', CONCAT('x', CHAR(0), 'y'), 'a\0b', 'NUL\0NUL',
        _latin1 X'80818D8F909D9F', _latin1 X'808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F',
        'tab\there', _cp1251 X'80818898', _cp1251 X'808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F',
        X'000000', _ucs2 X'00410000', 'x\0y', _utf32 X'0001F600', 'ß', NULL),
    -- quotes, backslashes, control characters, JSON-escaping material
    (6, '"q"\\', '"double" \'single\' \\back\\ \n\r\t\b', 'x\ny', '</script>', 'a\rb',
        '\\u0000', CONCAT('ctl', CHAR(1), CHAR(31)), 'ё', 'Ёжик', '\'', '\\', '"', '\n', '\t', NULL),
    (7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL);

INSERT INTO t_str_len (id, v63_u8mb4, v64_u8mb4, v255_latin1, v256_latin1, v300_u8mb4,
                       c63_u8mb4, c64_u8mb4, c85_u8mb3, c86_u8mb3, c255_u8mb4, c255_latin1) VALUES
    (1, 'short', 'short', 'short', 'short', 'short', 'short', 'short', 'short', 'short',
        'short', 'short'),
    -- maximum lengths in characters and bytes
    (2, REPEAT('😀', 63), REPEAT('😀', 64), REPEAT('ÿ', 255), REPEAT('ÿ', 256), REPEAT('é', 300),
        REPEAT('😀', 63), REPEAT('😀', 64), REPEAT('€', 85), REPEAT('€', 86), REPEAT('😀', 255),
        REPEAT('z', 255)),
    -- just over 255 bytes of data in a column whose prefix is 2 bytes
    (3, REPEAT('a', 63), CONCAT(REPEAT('é', 128)), REPEAT('b', 200), REPEAT('c', 256),
        REPEAT('d', 256), REPEAT('e', 63), CONCAT(REPEAT('é', 128)), REPEAT('f', 85),
        REPEAT('g', 86), REPEAT('h', 254), ''),
    (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO t_text (id, tt, tx, mt, lt, tx_latin1, tx_cp1251, tx_u8mb3, tx_ascii) VALUES
    (1, 'tiny', 'text', 'medium', 'long', 'latin1 é', 'кириллица', 'utf8mb3 €', 'ascii'),
    (2, REPEAT('x', 255), REPEAT('é', 300), REPEAT('😀', 100), CONCAT('line1', CHAR(10), 'line2'),
        _latin1 X'80818D8F909D', _cp1251 X'98C0FF', REPEAT('€', 30), ''),
    (3, '', '', '', '', '', '', '', ''),
    (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 8. binary
SET SESSION timestamp = 1700000800;
INSERT INTO t_bin (id, b4, b16, vb, tb, bl, mb, lb) VALUES
    (1, X'01020304', X'000102030405060708090A0B0C0D0E0F', X'DEADBEEF', X'00', X'FF', X'00FF00',
        X'0A0D09'),
    -- empty values: BINARY pads with 0x00
    (2, '', '', '', '', '', '', ''),
    -- trailing 0x00 and 0x20 bytes must survive
    (3, X'01000000', X'20202020202020202020202020202000', X'000000', X'0000', X'2020',
        X'00000000', X'20'),
    (4, X'FFFFFFFF', UNHEX(REPEAT('FF', 16)), UNHEX(REPEAT('A5', 300)), UNHEX(REPEAT('5A', 255)),
        UNHEX(REPEAT('C3', 1000)), UNHEX(REPEAT('80', 300)), UNHEX(REPEAT('E2', 300))),
    (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL);


-- ---------------------------------------------------------------- 9. enum / set
SET SESSION timestamp = 1700000900;
INSERT INTO t_enum_set (id, e, e_u8, e_latin1, e300, s, s9, s64) VALUES
    (1, 'a', 'é', 'é', 'e1', 'x', 'n1', 'm0'),
    (2, 'c', 'x y', '€', 'e300', 'x,y,z', 'n1,n2,n3,n4,n5,n6,n7,n8,n9',
        18446744073709551615),
    -- empty set; an invalid ENUM value stored as '' (index 0) in non-strict mode
    (3, 'nope', '', '', 'e0', '', '', ''),
    (4, 'b', '😀', 'é', 'e256', 'z', 'n9', 'm63'),
    (5, 'b', 'é', 'é', 'e255', 'y,z', 'n8,n9', 'm7,m8,m31,m32,m62'),
    (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 10. JSON
SET SESSION timestamp = 1700001000;
INSERT INTO t_json (id, j, j_checked) VALUES
    (1, '{"a": 1, "b": [true, false, null], "c": "é😀", "d": {"e": 1.5e300}}', '{}'),
    (2, '[]', '[1, "two", 3.0]'),
    (3, 'null', 'null'),
    (4, '"a string"', '"\\u00e9\\n"'),
    (5, '-0.0', '12345678901234567890123'),
    (6, NULL, NULL);

-- ---------------------------------------------------------------- 11. geometry
SET SESSION timestamp = 1700001100;
INSERT INTO t_geo (id, g, p, l, pg, mp, ml, mpg, gc, p4326) VALUES
    (1, ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POINT(-1.5 2.25)'),
        ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)'),
        ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))'),
        ST_GeomFromText('MULTIPOINT(0 0, 1 1)'),
        ST_GeomFromText('MULTILINESTRING((0 0, 1 1), (2 2, 3 3))'),
        ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))'),
        ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))'),
        ST_GeomFromText('POINT(13.4 52.5)', 4326)),
    (2, ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326), ST_GeomFromText('POINT(0 0)'),
        NULL, NULL, NULL, NULL, NULL, ST_GeomFromText('GEOMETRYCOLLECTION EMPTY'),
        ST_GeomFromText('POINT(-180 -90)', 4326)),
    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 12. UUID / INET
SET SESSION timestamp = 1700001200;
INSERT INTO t_newtypes (id, u, i4, i6) VALUES
    (1, '00000000-0000-0000-0000-000000000000', '0.0.0.0', '::'),
    (2, 'ffffffff-ffff-ffff-ffff-ffffffffffff', '255.255.255.255',
        'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'),
    -- a version-1 UUID (MariaDB swaps its time fields for index order, but the
    -- binlog carries all UUIDs in text byte order, as of 10.11)
    (3, '6ccd780c-baba-1026-9564-5b8c656024db', '192.168.1.1', '::1'),
    -- version 4 and version 7
    (4, '123e4567-e89b-42d3-a456-556642440000', '10.0.0.255', '::ffff:192.0.2.128'),
    (5, '018f3b2c-7d4e-7a1b-8c9d-0123456789ab', '127.0.0.1', '2001:db8::ff00:42:8329'),
    (6, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 13. compressed columns
SET SESSION timestamp = 1700001300;
INSERT INTO t_compressed (id, vc, bc, tc) VALUES
    (1, 'abc', X'00FF', 'é'),
    (2, REPEAT('compress me 😀 ', 50), REPEAT(X'00010203', 100), REPEAT('latin1 é ', 50)),
    (3, '', '', ''),
    (4, NULL, NULL, NULL);

-- ---------------------------------------------------------------- 14. generated / invisible
SET SESSION timestamp = 1700001400;
INSERT INTO t_generated (id, a) VALUES (1, 10), (2, NULL);
INSERT INTO t_generated (id, a, secret) VALUES (3, 30, 'shown');
UPDATE t_generated SET a = a + 1 WHERE id = 1;
UPDATE t_generated SET secret = 'changed' WHERE id = 3;
DELETE FROM t_generated WHERE id = 2;

-- ---------------------------------------------------------------- 15. keys
SET SESSION timestamp = 1700001500;
INSERT INTO t_nopk (a, b) VALUES (1, 'one'), (1, 'one'), (2, 'two'), (NULL, NULL);
UPDATE t_nopk SET b = 'uno' WHERE a = 1 LIMIT 1;
DELETE FROM t_nopk WHERE a = 2;
DELETE FROM t_nopk WHERE a IS NULL;

INSERT INTO t_uk (code, x) VALUES ('A', 1), ('B', 2);
UPDATE t_uk SET x = 20 WHERE code = 'B';
UPDATE t_uk SET code = 'C' WHERE code = 'A';
DELETE FROM t_uk WHERE code = 'B';

INSERT INTO t_composite (a, b, c) VALUES (1, 'x', 10), (2, 'x', 20), (1, 'y', 30);
UPDATE t_composite SET c = c + 1 WHERE b = 'x';
UPDATE t_composite SET a = 5 WHERE a = 1 AND b = 'y';
DELETE FROM t_composite WHERE a = 2 AND b = 'x';

INSERT INTO t_wide (id) VALUES (1);
INSERT INTO t_wide (id, c1, c130, c259) VALUES (2, NULL, NULL, NULL);
UPDATE t_wide SET c259 = 1 WHERE id = 1;

-- ---------------------------------------------------------------- 16. updates and deletes of every type
SET SESSION timestamp = 1700001600;
UPDATE t_int SET rev = rev + 1;
UPDATE t_int SET id = 100 WHERE id = 6;
DELETE FROM t_int WHERE id IN (3, 4);
UPDATE t_bit SET rev = rev + 1;
UPDATE t_bit SET b64 = b'0' WHERE id = 2;
DELETE FROM t_bit WHERE id = 3;
UPDATE t_float SET rev = rev + 1;
DELETE FROM t_float WHERE id = 9;
UPDATE t_decimal SET rev = rev + 1;
UPDATE t_decimal SET d65_30 = -d65_30 WHERE id = 6;
DELETE FROM t_decimal WHERE id = 1;
SET SESSION timestamp = 1700001601;
UPDATE t_temporal SET rev = rev + 1;
UPDATE t_temporal SET t6 = '00:00:00.000001', ts6 = '2001-02-03 04:05:06.070809' WHERE id = 1;
DELETE FROM t_temporal WHERE id = 5;
UPDATE t_legacy_temporal SET rev = rev + 1;
DELETE FROM t_legacy_temporal WHERE id = 4;
UPDATE t_str SET rev = rev + 1;
UPDATE t_str SET id = 200, v_u8mb4 = 'moved' WHERE id = 2;
DELETE FROM t_str WHERE id = 6;
UPDATE t_str_len SET rev = rev + 1;
DELETE FROM t_str_len WHERE id = 1;
-- t_text/t_bin: rev alone changes, so NOBLOB leaves the blobs out of both images
UPDATE t_text SET rev = rev + 1;
UPDATE t_text SET tx = 'changed text' WHERE id = 1;
DELETE FROM t_text WHERE id = 3;
UPDATE t_bin SET rev = rev + 1;
UPDATE t_bin SET bl = X'CAFE' WHERE id = 1;
DELETE FROM t_bin WHERE id = 2;
UPDATE t_enum_set SET rev = rev + 1;
UPDATE t_enum_set SET s64 = 'm1,m2', e300 = 'e299' WHERE id = 1;
DELETE FROM t_enum_set WHERE id = 5;
UPDATE t_json SET rev = rev + 1;
UPDATE t_json SET j = JSON_SET(j, '$.a', 2) WHERE id = 1;
DELETE FROM t_json WHERE id = 5;
UPDATE t_geo SET rev = rev + 1;
DELETE FROM t_geo WHERE id = 2;
UPDATE t_newtypes SET rev = rev + 1;
UPDATE t_newtypes SET u = '6ccd780c-baba-1026-9564-5b8c656024dc' WHERE id = 3;
DELETE FROM t_newtypes WHERE id = 1;
UPDATE t_compressed SET rev = rev + 1;
UPDATE t_compressed SET vc = 'short now' WHERE id = 2;
DELETE FROM t_compressed WHERE id = 3;

-- ---------------------------------------------------------------- 17. DML shapes
SET SESSION timestamp = 1700001700;
-- multi-row insert; the trigger adds rows to t_audit in the same statement
INSERT INTO t_dml (id, name, qty) VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3),
    (4, 'four', 4), (5, 'five', 5);
-- one statement whose rows do not fit one event (binlog_row_event_max_size 8 KiB)
INSERT INTO t_dml (id, name, qty, pad)
    SELECT 1000 + seq, CONCAT('bulk', seq), seq, REPEAT(CHAR(65 + seq % 26), 300)
      FROM mysql.seq_1_to_30;
UPDATE t_dml SET qty = qty * 10 WHERE id BETWEEN 1001 AND 1030;
DELETE FROM t_dml WHERE id BETWEEN 1001 AND 1030;
-- no row changes: no rows event
UPDATE t_dml SET qty = qty WHERE id = 1;
UPDATE t_dml SET qty = 0 WHERE id = 99999;
-- primary-key change
UPDATE t_dml SET id = 101 WHERE id = 1;
-- ON DUPLICATE KEY UPDATE (existing key: an update; new key: an insert)
INSERT INTO t_dml (id, name, qty) VALUES (2, 'dup', 0), (6, 'six', 6)
    ON DUPLICATE KEY UPDATE qty = qty + 100;
-- REPLACE of an existing row
REPLACE INTO t_dml (id, name, qty) VALUES (3, 'replaced', 33);
-- INSERT IGNORE of a duplicate: nothing logged for it
INSERT IGNORE INTO t_dml (id, name) VALUES (4, 'ignored'), (7, 'seven');
-- multi-table UPDATE and DELETE
UPDATE t_dml d JOIN t_audit a ON a.dml_id = d.id SET d.qty = d.qty + 1, a.what = 'touched'
    WHERE d.id IN (4, 5);
DELETE d, a FROM t_dml d JOIN t_audit a ON a.dml_id = d.id WHERE d.id = 5;
-- explicit multi-statement transaction
BEGIN;
INSERT INTO t_dml (id, name) VALUES (8, 'tx1');
UPDATE t_dml SET name = 'tx2' WHERE id = 8;
DELETE FROM t_dml WHERE id = 8;
COMMIT;
-- rolled back InnoDB-only transaction: nothing logged
BEGIN;
INSERT INTO t_dml (id, name) VALUES (9, 'rolled back');
ROLLBACK;
-- savepoints
BEGIN;
INSERT INTO t_dml (id, name) VALUES (10, 'kept');
SAVEPOINT sp1;
INSERT INTO t_dml (id, name) VALUES (11, 'undone');
ROLLBACK TO SAVEPOINT sp1;
COMMIT;
-- temporary tables are not logged in ROW format
CREATE TEMPORARY TABLE t_temp (id INT);
INSERT INTO t_temp VALUES (1);
DROP TEMPORARY TABLE t_temp;
-- flagged @@skip_replication: logged with LOG_EVENT_SKIP_REPLICATION_F
SET SESSION skip_replication = 1;
INSERT INTO t_dml (id, name) VALUES (12, 'skip-repl');
SET SESSION skip_replication = 0;
-- autocommit off: the transaction ends at COMMIT
SET SESSION autocommit = 0;
INSERT INTO t_dml (id, name) VALUES (13, 'autocommit0');
UPDATE t_dml SET qty = 13 WHERE id = 13;
COMMIT;
SET SESSION autocommit = 1;

-- ---------------------------------------------------------------- 18. non-transactional tables
SET SESSION timestamp = 1700001800;
INSERT INTO t_myisam (id, v) VALUES (1, 'a'), (2, 'b');
INSERT INTO t_aria (id, v) VALUES (1, 'a'), (2, 'b');
UPDATE t_myisam SET v = 'bb' WHERE id = 2;
DELETE FROM t_aria WHERE id = 1;
-- the MyISAM/Aria rows happened even though the transaction rolls back
BEGIN;
INSERT INTO t_myisam (id, v) VALUES (3, 'nt-rb');
ROLLBACK;
BEGIN;
INSERT INTO t_aria (id, v) VALUES (3, 'nt-rb');
ROLLBACK;
-- mixed: the InnoDB row goes, the MyISAM row stays
BEGIN;
INSERT INTO t_dml (id, name) VALUES (14, 'mixed-rb');
INSERT INTO t_myisam (id, v) VALUES (4, 'mixed-rb');
ROLLBACK;
-- one statement touching both kinds inside a transaction that rolls back
BEGIN;
INSERT INTO t_dml (id, name) VALUES (15, 'mixed-stmt');
UPDATE t_dml d JOIN t_myisam m ON m.id = 1 SET d.qty = 77, m.v = 'both' WHERE d.id = 15;
ROLLBACK;
-- savepoint rollback with a non-transactional change in between: the server
-- logs SAVEPOINT sp2, the t_dml row 17, then ROLLBACK TO sp2 in the same
-- transaction, so a reader must drop the rows logged since the savepoint
-- (InnoDB-only, as in sp1 above, it drops them itself and logs no ROLLBACK TO)
BEGIN;
INSERT INTO t_dml (id, name) VALUES (16, 'sp-kept');
SAVEPOINT sp2;
INSERT INTO t_myisam (id, v) VALUES (5, 'sp-nt');
INSERT INTO t_dml (id, name) VALUES (17, 'sp-undone');
ROLLBACK TO SAVEPOINT sp2;
COMMIT;

-- a multi-row statement that fails half-way on MyISAM: the first row stays
-- and is logged (error_code 0), the rest is not
INSERT INTO t_myisam (id, v) VALUES (6, 'partial'), (1, 'dup'); -- EXPECT ERROR 1062
-- statement-based events (a session may switch binlog_format): the mixed
-- transaction is logged as BEGIN, two DML Query events, ROLLBACK -- the only
-- way this server writes a ROLLBACK query; a row-based reader sees no rows
SET SESSION binlog_format = 'STATEMENT';
BEGIN;
INSERT INTO t_dml (id, name) VALUES (18, 'sbr-rb');
INSERT INTO t_myisam (id, v) VALUES (7, 'sbr-rb');
ROLLBACK;
UPDATE t_myisam SET v = 'sbr' WHERE id = 7;
SET SESSION binlog_format = 'ROW';

-- ---------------------------------------------------------------- 19. XA
SET SESSION timestamp = 1700001900;
XA START 'xa-commit';
INSERT INTO t_xa (id, v) VALUES (1, 'xa');
UPDATE t_xa SET v = 'xa2' WHERE id = 1;
XA END 'xa-commit';
XA PREPARE 'xa-commit';
XA COMMIT 'xa-commit';

XA START 'xa-rollback', 'bqual', 7;
INSERT INTO t_xa (id, v) VALUES (2, 'xa-rb');
XA END 'xa-rollback', 'bqual', 7;
XA PREPARE 'xa-rollback', 'bqual', 7;
XA ROLLBACK 'xa-rollback', 'bqual', 7;

XA START 'xa-one-phase';
INSERT INTO t_xa (id, v) VALUES (3, 'xa-1pc');
XA END 'xa-one-phase';
XA COMMIT 'xa-one-phase' ONE PHASE;

XA START X'0102', X'ff', 1;
INSERT INTO t_xa (id, v) VALUES (4, 'xa-hex');
XA END X'0102', X'ff', 1;
XA PREPARE X'0102', X'ff', 1;
XA COMMIT X'0102', X'ff', 1;

-- ---------------------------------------------------------------- 20. GTID domains and server ids
SET SESSION timestamp = 1700002000;
SET SESSION gtid_domain_id = 7;
SET SESSION server_id = 2;
SET SESSION gtid_seq_no = 100;
INSERT INTO t_dml (id, name) VALUES (20, 'domain7');
INSERT INTO t_dml (id, name) VALUES (21, 'domain7-b');
SET SESSION server_id = 1;
SET SESSION gtid_domain_id = 0;

-- ---------------------------------------------------------------- 21. DDL with rows between
SET SESSION timestamp = 1700002100;
CREATE TABLE t_ddl (id INT NOT NULL PRIMARY KEY, a INT) ENGINE=InnoDB;
INSERT INTO t_ddl VALUES (1, 10);
ALTER TABLE t_ddl ADD COLUMN b VARCHAR(10) DEFAULT 'new' AFTER id;
INSERT INTO t_ddl (id, b, a) VALUES (2, 'two', 20);
ALTER TABLE t_ddl MODIFY COLUMN a BIGINT UNSIGNED, ADD COLUMN c DATETIME(3) DEFAULT '2020-01-01 00:00:00.123';
INSERT INTO t_ddl (id, b, a) VALUES (3, 'three', 18446744073709551615);
ALTER TABLE t_ddl CHANGE COLUMN b b_renamed VARCHAR(20) CHARACTER SET latin1;
ALTER TABLE t_ddl DROP COLUMN c;
UPDATE t_ddl SET b_renamed = 'é' WHERE id = 2;
ALTER TABLE t_ddl DROP PRIMARY KEY, ADD PRIMARY KEY (id, a);
DELETE FROM t_ddl WHERE id = 1;
CREATE INDEX t_ddl_b ON t_ddl (b_renamed);
RENAME TABLE t_ddl TO t_ddl_renamed;
INSERT INTO t_ddl_renamed (id, b_renamed, a) VALUES (4, 'renamed', 40);
CREATE TABLE t_like LIKE t_int;
CREATE TABLE t_ctas ENGINE=InnoDB AS SELECT id, name FROM t_dml WHERE id < 10;
TRUNCATE TABLE t_ctas;
CREATE VIEW v_dml AS SELECT id, name FROM t_dml;
DROP VIEW v_dml;
CREATE SEQUENCE s_seq START WITH 1 INCREMENT BY 1 CACHE 0;
SELECT NEXTVAL(s_seq);
DROP SEQUENCE s_seq;
-- odd identifiers: a database with a dash, non-ASCII and quoted names
CREATE DATABASE `b2k-other` CHARACTER SET latin1;
CREATE TABLE `b2k-other`.`tåble ``x``` (`cöl` INT NOT NULL PRIMARY KEY, `sp ace` VARCHAR(5)) ENGINE=InnoDB;
INSERT INTO `b2k-other`.`tåble ``x``` VALUES (1, 'é');
USE `b2k-other`;
UPDATE `tåble ``x``` SET `sp ace` = 'x' WHERE `cöl` = 1;
USE b2k;
DROP DATABASE `b2k-other`;
-- a DDL that fails half-way: t_drop_ok is dropped, t_missing does not exist;
-- MariaDB 10.11 logs it rewritten ("DROP TABLE `t_drop_ok`,`t_missing`
-- /* generated by server */") with error_code 0
CREATE TABLE t_drop_ok (id INT) ENGINE=InnoDB;
DROP TABLE t_drop_ok, t_missing; -- EXPECT ERROR 1051
-- a DDL that fails outright is not logged
ALTER TABLE t_int ADD COLUMN id INT; -- EXPECT ERROR 1060
DROP TABLE t_like;

-- ---------------------------------------------------------------- 22. rotation
-- The rest goes to the next file: it starts with a GTID list naming both
-- domains, and (after the generator's clean shutdown) ends with a STOP event.
SET SESSION timestamp = 1700002200;
FLUSH BINARY LOGS;
SET SESSION timestamp = 1700002300;
INSERT INTO t_dml (id, name, qty) VALUES (30, 'after rotate', 30);
UPDATE t_dml SET qty = 31 WHERE id = 30;
DELETE FROM t_dml WHERE id = 30;
INSERT INTO t_int (id, ti) VALUES (300, 3);
INSERT INTO t_bigblob (id, mb, lt) VALUES
    (1, REPEAT('ab', 33000), REPEAT('l', 300));
