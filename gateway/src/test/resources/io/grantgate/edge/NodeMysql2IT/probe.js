// What node mysql2 sees of a server: run by NodeMysql2IT against the backend directly and through the
// gateway, with accounts of the same names and privileges; the two outputs must be equal. One line per
// check, "name: value". What must differ between the two (connection ids, the backend account's name,
// the host part of an account in an error) is left out or masked here, never in the comparison.
// Argument: a JSON file (mode 0600: it holds passwords) {host, port, user, password, database,
// other: {user, password}, compress, tls}.
'use strict';
const crypto = require('crypto');
const mysql = require('mysql2/promise');

const config = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const lines = [];
const out = (name, value) => lines.push(name + ': ' + (typeof value === 'string' ? value : JSON.stringify(value)));

function options(extra) {
  return Object.assign(
    {
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      timezone: 'Z',
      compress: !!config.compress,
      ssl: config.tls ? { rejectUnauthorized: false } : undefined,
      connectTimeout: 20000,
    },
    extra || {},
  );
}

// an error as a client would report it, the account's host masked (the gateway names the client's
// address) and the schema's name (each run has its own)
function error(e) {
  const message = String(e.sqlMessage || e.message)
    .replace(/'([^']*)'@'[^']*'/g, "'$1'@'<host>'")
    .split(config.database)
    .join('<schema>');
  return { code: e.code, errno: e.errno, sqlState: e.sqlState, fatal: !!e.fatal, message };
}

async function attempt(name, action) {
  try {
    out(name, await action());
  } catch (e) {
    out(name, { error: error(e) });
  }
}

function plain(rows) {
  return JSON.parse(
    JSON.stringify(rows, function (key, value) {
      const raw = this[key];
      if (Buffer.isBuffer(raw)) return 'hex:' + raw.toString('hex');
      if (raw instanceof Date) return 'date:' + raw.toISOString();
      return value;
    }),
  );
}

function fields(list) {
  return (list || []).map((f) => ({ name: f.name, type: f.columnType, length: f.columnLength, flags: f.flags }));
}

async function main() {
  const c = await mysql.createConnection(options({ multipleStatements: true }));
  out('transport', { tls: !!(c.connection.stream && c.connection.stream.encrypted), compress: !!config.compress });

  await c.query('CREATE TABLE docs (id INT PRIMARY KEY, doc JSON, u UUID, addr INET6)');
  await c.query(
    'INSERT INTO docs VALUES (1, \'{"a": [1, 2, {"b": null}], "s": "x\\\\"y"}\', \'a1b2c3d4-0000-1111-2222-333344445555\', \'::1\')',
  );
  await attempt('json by query', async () => {
    const [rows, f] = await c.query('SELECT doc, u, addr FROM docs');
    return { value: plain(rows), types: rows.map((r) => typeof r.doc), fields: fields(f) };
  });
  await attempt('json by execute', async () => {
    const [rows, f] = await c.execute('SELECT doc, JSON_OBJECT(\'k\', ?) AS made FROM docs WHERE id = ?', ['v', 1]);
    return { value: plain(rows), types: rows.map((r) => [typeof r.doc, typeof r.made]), fields: fields(f) };
  });

  await c.query(
    'CREATE TABLE kinds (id INT PRIMARY KEY, i BIGINT, d DECIMAL(12,3), f DOUBLE, s VARCHAR(40), n INT,' +
      ' dt DATETIME(3), dd DATE, b BLOB, flag BOOLEAN)',
  );
  const blob = crypto.createHash('sha512').update('blob').digest();
  const params = [
    1,
    '9007199254740993',
    '12345.678',
    2.5,
    'é ✓ 🐬',
    null,
    new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 678)),
    '2024-02-29',
    Buffer.concat([blob, Buffer.from([0, 255, 0])]),
    true,
  ];
  await attempt('execute insert', async () => {
    const [result] = await c.execute('INSERT INTO kinds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', params);
    return { affectedRows: result.affectedRows, insertId: result.insertId, warningStatus: result.warningStatus };
  });
  await attempt('execute select with parameters', async () => {
    const [rows, f] = await c.execute(
      'SELECT *, ? AS p_null, ? AS p_date, ? AS p_blob FROM kinds WHERE id = ? AND s = ?',
      [null, new Date(Date.UTC(2001, 0, 2, 3, 4, 5)), Buffer.from('blob param'), 1, 'é ✓ 🐬'],
    );
    return { rows: plain(rows), fields: fields(f) };
  });
  await attempt('the same by query', async () => {
    const [rows] = await c.query('SELECT * FROM kinds WHERE id = ?', [1]);
    return plain(rows);
  });
  await attempt('execute again, cached statement', async () => {
    const [rows] = await c.execute('SELECT COUNT(*) AS n, SUM(id) AS total FROM kinds WHERE id > ?', [0]);
    return plain(rows);
  });

  await attempt('multi-statements', async () => {
    const [results] = await c.query(
      "SELECT 1 AS a; UPDATE kinds SET n = 7 WHERE id = 1; SELECT n, s FROM kinds; SELECT 'last' AS z",
    );
    return plain(results);
  });
  await attempt('multi-statement failing midway', async () => {
    const [results] = await c.query('SELECT 1 AS a; SELECT * FROM no_such_table; SELECT 3 AS c');
    return plain(results);
  });

  await attempt('query error', () => c.query('SELECT * FROM no_such_table'));
  await attempt('syntax error', () => c.query('SELEC 1'));
  await attempt('execute error', () => c.execute('SELECT no_such_column FROM kinds WHERE id = ?', [1]));
  await attempt('access error', () => c.query('DROP DATABASE mysql'));
  await attempt('duplicate key', () => c.execute('INSERT INTO kinds (id) VALUES (?)', [1]));
  await attempt('after errors', async () => (await c.query('SELECT 42 AS answer'))[0]);

  await attempt('1 MB value', async () => {
    const [rows] = await c.query("SELECT REPEAT('0123456789abcdef', 65536) AS big");
    const value = rows[0].big;
    return { length: value.length, sha256: crypto.createHash('sha256').update(value).digest('hex') };
  });
  await attempt('1 MB of rows', async () => {
    const [rows] = await c.execute("SELECT seq, REPEAT('r', 90) AS pad FROM seq_1_to_10000 WHERE seq > ?", [0]);
    const digest = crypto.createHash('sha256');
    rows.forEach((r) => digest.update(r.seq + r.pad));
    return { rows: rows.length, sha256: digest.digest('hex') };
  });

  await attempt('ping', async () => {
    await c.ping();
    return 'ok';
  });

  await attempt('changeUser', async () => {
    await c.changeUser({ user: config.other.user, password: config.other.password, database: config.database });
    const [rows] = await c.query('SELECT COUNT(*) AS n, @@autocommit AS autocommit FROM kinds');
    return plain(rows);
  });
  await attempt('as the other account, a write it may not do', () => c.query('DELETE FROM kinds'));
  await attempt('changeUser back', async () => {
    await c.changeUser({ user: config.user, password: config.password });
    const [rows] = await c.query('SELECT DATABASE() AS db, COUNT(*) AS n FROM kinds');
    return plain(rows).map((r) => ({ n: r.n, sameSchema: r.db === config.database }));
  });
  await attempt('changeUser with a wrong password', async () => {
    await c.changeUser({ user: config.other.user, password: 'wrong' });
    return 'changed';
  });
  await attempt('after a failed changeUser', async () => (await c.query('SELECT 1 AS one'))[0]);
  await c.end().catch(() => {});

  // a session killed from another: it hears of it as a server would tell it
  const victim = await mysql.createConnection(options());
  const killer = await mysql.createConnection(options());
  const events = [];
  victim.connection.on('error', (e) => events.push('error event ' + JSON.stringify(error(e))));
  victim.connection.on('end', () => events.push('end event'));
  const [[{ id }]] = await victim.query('SELECT CONNECTION_ID() AS id');
  await attempt('kill another session', async () => {
    await killer.query('KILL ' + id);
    return 'ok';
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await attempt('killed session, next query', () => victim.query('SELECT 1'));
  out('killed session, events', events);
  await attempt('kill mid-query', async () => {
    const busy = await mysql.createConnection(options());
    const [[{ id: busyId }]] = await busy.query('SELECT CONNECTION_ID() AS id');
    const running = busy.query('SELECT SLEEP(20)').then(
      (r) => ({ result: plain(r[0]) }),
      (e) => ({ error: error(e) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await killer.query('KILL QUERY ' + busyId);
    const seen = await running;
    const [after] = await busy.query('SELECT 2 AS two');
    await busy.end();
    return { seen, after: plain(after) };
  });
  await killer.end();

  const ended = await mysql.createConnection(options());
  await ended.end();
  await attempt('query on a closed connection', () => ended.query('SELECT 1'));

  process.stdout.write(lines.join('\n') + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stdout.write(lines.join('\n') + '\nFAILED: ' + (e && e.stack ? e.stack : String(e)) + '\n');
    process.exit(1);
  },
);
