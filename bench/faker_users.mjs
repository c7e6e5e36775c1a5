// The bench's users table written with @faker-js/faker as COPY text lines
// (the same columns as bench/users.json), for a side-by-side rate.
// usage: node faker_users.mjs ROWS > users.copy   (NODE_PATH or a local
// node_modules must provide @faker-js/faker)
import { faker } from '@faker-js/faker';

const rows = Number(process.argv[2] || 200000);
faker.seed(42);

// COPY text escaping: backslash, tab, newline and carriage return.
function copyText(s) {
    return /[\\\t\n\r]/.test(s)
        ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t')
              .replace(/\n/g, '\\n').replace(/\r/g, '\\r')
        : s;
}

function timestamptz(d) {
    return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '+00');
}

const since = new Date('2020-01-01T00:00:00Z');
const until = new Date('2024-12-31T23:59:59Z');
let out = [];
let pending = 0;
for (let id = 1; id <= rows; id++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    out.push([
        id,
        copyText(first),
        copyText(last),
        copyText(faker.internet.email({ firstName: first, lastName: last })),
        copyText(faker.phone.number()),
        copyText(faker.location.streetAddress()),
        copyText(faker.location.city()),
        copyText(faker.location.country()),
        timestamptz(faker.date.between({ from: since, to: until })),
        faker.finance.amount({ min: 0, max: 10000, dec: 2 }),
    ].join('\t'));
    if (++pending === 4096) {
        process.stdout.write(out.join('\n') + '\n');
        out = [];
        pending = 0;
    }
}
if (pending > 0)
    process.stdout.write(out.join('\n') + '\n');
