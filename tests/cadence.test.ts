import { describe, expect, test } from "@jest/globals";
import { parseCadence, releaseDates } from "../src/schedule/cadence.js";
import { currentTime, isReleased } from "../src/schedule/gate.js";
import { SettingError } from "../src/errors.js";

const FORMS =
  "`day` (or `daily`), `week` (or `weekly`: the start's weekday), `weekdays` (Monday to Friday), " +
  "named days such as `mon,thu`, `every N days`, `every N weeks`, " +
  "or a list of dates such as `2027-03-02, 2027-03-09T18:00`";

describe("cadence", () => {
  test.each([
    ["day", { kind: "every", unit: "days", count: 1 }],
    ["daily", { kind: "every", unit: "days", count: 1 }],
    ["every day", { kind: "every", unit: "days", count: 1 }],
    ["week", { kind: "every", unit: "weeks", count: 1 }],
    ["Weekly", { kind: "every", unit: "weeks", count: 1 }],
    ["3 days", { kind: "every", unit: "days", count: 3 }],
    ["every 2 weeks", { kind: "every", unit: "weeks", count: 2 }],
    ["weekdays", { kind: "weekdays", days: [1, 2, 3, 4, 5] }],
    ["mon,thu", { kind: "weekdays", days: [1, 4] }],
    ["thu, mon", { kind: "weekdays", days: [1, 4] }],
    ["every Tuesday and Thursday", { kind: "weekdays", days: [2, 4] }],
    ["tues & thurs", { kind: "weekdays", days: [2, 4] }],
    ["sundays", { kind: "weekdays", days: [7] }],
    [
      "2027-03-02, 2027-03-09T18:00 2027-03-16T7:05",
      {
        kind: "dates",
        dates: [
          { date: "2027-03-02" },
          { date: "2027-03-09", time: "18:00" },
          { date: "2027-03-16", time: "07:05" },
        ],
      },
    ],
  ])("%j parses", (text, cadence) => {
    expect(parseCadence(text)).toEqual(cadence);
  });

  test.each(["fortnightly", "0 days", "-1 weeks", "", "every", "mon-fri"])(
    "%j is refused with the accepted forms",
    (text) => {
      expect(() => parseCadence(text)).toThrow(
        new SettingError(`cadence "${text}" is not understood; use ${FORMS}.`),
      );
    },
  );

  test("an unknown day among weekday names is named", () => {
    expect(() => parseCadence("mon,funday")).toThrow(
      new SettingError(
        '"funday" in cadence "mon,funday" is not a weekday; name days as mon, tue, wed, thu, fri, sat, sun (or in full), e.g. `mon,thu`.',
      ),
    );
  });

  test.each([
    [
      "2027-03-02, 2027-02-30",
      'release date "2027-02-30" in the list "2027-03-02, 2027-02-30" is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2027-03-02 or 2027-03-02T18:00.',
    ],
    [
      "2027-03-02T25:00",
      'release date "2027-03-02T25:00" in the list "2027-03-02T25:00" is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2027-03-02 or 2027-03-02T18:00.',
    ],
    [
      "2027-03-09, 2027-03-02",
      'release dates must be listed in order, once each: "2027-03-02" comes after "2027-03-09" in "2027-03-09, 2027-03-02".',
    ],
    [
      "2027-03-02, 2027-03-02",
      'release dates must be listed in order, once each: "2027-03-02" comes after "2027-03-02" in "2027-03-02, 2027-03-02".',
    ],
  ])("a bad list of dates %j is refused by entry", (text, message) => {
    expect(() => parseCadence(text)).toThrow(new SettingError(message));
  });
});

/**
 * Every cadence across both DST changes of 2026 in three zones, one in the
 * southern hemisphere (Sydney leaves DST in April and enters it in October).
 * Each row: cadence, start, exact release timestamps at 09:00 local.
 */
const DST_TABLE: [string, string, [string, string, string[]][]][] = [
  [
    "America/New_York",
    "2026-03-08",
    [
      [
        "day",
        "2026-03-06",
        [
          "2026-03-06T09:00:00-05:00",
          "2026-03-07T09:00:00-05:00",
          "2026-03-08T09:00:00-04:00",
          "2026-03-09T09:00:00-04:00",
        ],
      ],
      ["week", "2026-03-06", ["2026-03-06T09:00:00-05:00", "2026-03-13T09:00:00-04:00"]],
      [
        "weekdays",
        "2026-03-06",
        ["2026-03-06T09:00:00-05:00", "2026-03-09T09:00:00-04:00", "2026-03-10T09:00:00-04:00"],
      ],
      [
        "mon,thu",
        "2026-03-05",
        ["2026-03-05T09:00:00-05:00", "2026-03-09T09:00:00-04:00", "2026-03-12T09:00:00-04:00"],
      ],
      [
        "every 3 days",
        "2026-03-06",
        ["2026-03-06T09:00:00-05:00", "2026-03-09T09:00:00-04:00", "2026-03-12T09:00:00-04:00"],
      ],
      ["every 2 weeks", "2026-03-06", ["2026-03-06T09:00:00-05:00", "2026-03-20T09:00:00-04:00"]],
      [
        "2026-03-07, 2026-03-08T18:00, 2026-03-09",
        "2026-02-06",
        ["2026-03-07T09:00:00-05:00", "2026-03-08T18:00:00-04:00", "2026-03-09T09:00:00-04:00"],
      ],
    ],
  ],
  [
    "America/New_York",
    "2026-11-01",
    [
      [
        "day",
        "2026-10-30",
        [
          "2026-10-30T09:00:00-04:00",
          "2026-10-31T09:00:00-04:00",
          "2026-11-01T09:00:00-05:00",
          "2026-11-02T09:00:00-05:00",
        ],
      ],
      ["week", "2026-10-30", ["2026-10-30T09:00:00-04:00", "2026-11-06T09:00:00-05:00"]],
      [
        "weekdays",
        "2026-10-30",
        ["2026-10-30T09:00:00-04:00", "2026-11-02T09:00:00-05:00", "2026-11-03T09:00:00-05:00"],
      ],
      [
        "mon,thu",
        "2026-10-29",
        ["2026-10-29T09:00:00-04:00", "2026-11-02T09:00:00-05:00", "2026-11-05T09:00:00-05:00"],
      ],
      [
        "every 3 days",
        "2026-10-30",
        ["2026-10-30T09:00:00-04:00", "2026-11-02T09:00:00-05:00", "2026-11-05T09:00:00-05:00"],
      ],
      ["every 2 weeks", "2026-10-30", ["2026-10-30T09:00:00-04:00", "2026-11-13T09:00:00-05:00"]],
      [
        "2026-10-31, 2026-11-01T18:00, 2026-11-02",
        "2026-10-02",
        ["2026-10-31T09:00:00-04:00", "2026-11-01T18:00:00-05:00", "2026-11-02T09:00:00-05:00"],
      ],
    ],
  ],
  [
    "Europe/Amsterdam",
    "2026-03-29",
    [
      [
        "day",
        "2026-03-27",
        [
          "2026-03-27T09:00:00+01:00",
          "2026-03-28T09:00:00+01:00",
          "2026-03-29T09:00:00+02:00",
          "2026-03-30T09:00:00+02:00",
        ],
      ],
      ["week", "2026-03-27", ["2026-03-27T09:00:00+01:00", "2026-04-03T09:00:00+02:00"]],
      [
        "weekdays",
        "2026-03-27",
        ["2026-03-27T09:00:00+01:00", "2026-03-30T09:00:00+02:00", "2026-03-31T09:00:00+02:00"],
      ],
      [
        "mon,thu",
        "2026-03-26",
        ["2026-03-26T09:00:00+01:00", "2026-03-30T09:00:00+02:00", "2026-04-02T09:00:00+02:00"],
      ],
      [
        "every 3 days",
        "2026-03-27",
        ["2026-03-27T09:00:00+01:00", "2026-03-30T09:00:00+02:00", "2026-04-02T09:00:00+02:00"],
      ],
      ["every 2 weeks", "2026-03-27", ["2026-03-27T09:00:00+01:00", "2026-04-10T09:00:00+02:00"]],
      [
        "2026-03-28, 2026-03-29T18:00, 2026-03-30",
        "2026-02-27",
        ["2026-03-28T09:00:00+01:00", "2026-03-29T18:00:00+02:00", "2026-03-30T09:00:00+02:00"],
      ],
    ],
  ],
  [
    "Europe/Amsterdam",
    "2026-10-25",
    [
      [
        "day",
        "2026-10-23",
        [
          "2026-10-23T09:00:00+02:00",
          "2026-10-24T09:00:00+02:00",
          "2026-10-25T09:00:00+01:00",
          "2026-10-26T09:00:00+01:00",
        ],
      ],
      ["week", "2026-10-23", ["2026-10-23T09:00:00+02:00", "2026-10-30T09:00:00+01:00"]],
      [
        "weekdays",
        "2026-10-23",
        ["2026-10-23T09:00:00+02:00", "2026-10-26T09:00:00+01:00", "2026-10-27T09:00:00+01:00"],
      ],
      [
        "mon,thu",
        "2026-10-22",
        ["2026-10-22T09:00:00+02:00", "2026-10-26T09:00:00+01:00", "2026-10-29T09:00:00+01:00"],
      ],
      [
        "every 3 days",
        "2026-10-23",
        ["2026-10-23T09:00:00+02:00", "2026-10-26T09:00:00+01:00", "2026-10-29T09:00:00+01:00"],
      ],
      ["every 2 weeks", "2026-10-23", ["2026-10-23T09:00:00+02:00", "2026-11-06T09:00:00+01:00"]],
      [
        "2026-10-24, 2026-10-25T18:00, 2026-10-26",
        "2026-09-25",
        ["2026-10-24T09:00:00+02:00", "2026-10-25T18:00:00+01:00", "2026-10-26T09:00:00+01:00"],
      ],
    ],
  ],
  [
    "Australia/Sydney",
    "2026-04-05",
    [
      [
        "day",
        "2026-04-03",
        [
          "2026-04-03T09:00:00+11:00",
          "2026-04-04T09:00:00+11:00",
          "2026-04-05T09:00:00+10:00",
          "2026-04-06T09:00:00+10:00",
        ],
      ],
      ["week", "2026-04-03", ["2026-04-03T09:00:00+11:00", "2026-04-10T09:00:00+10:00"]],
      [
        "weekdays",
        "2026-04-03",
        ["2026-04-03T09:00:00+11:00", "2026-04-06T09:00:00+10:00", "2026-04-07T09:00:00+10:00"],
      ],
      [
        "mon,thu",
        "2026-04-02",
        ["2026-04-02T09:00:00+11:00", "2026-04-06T09:00:00+10:00", "2026-04-09T09:00:00+10:00"],
      ],
      [
        "every 3 days",
        "2026-04-03",
        ["2026-04-03T09:00:00+11:00", "2026-04-06T09:00:00+10:00", "2026-04-09T09:00:00+10:00"],
      ],
      ["every 2 weeks", "2026-04-03", ["2026-04-03T09:00:00+11:00", "2026-04-17T09:00:00+10:00"]],
      [
        "2026-04-04, 2026-04-05T18:00, 2026-04-06",
        "2026-03-06",
        ["2026-04-04T09:00:00+11:00", "2026-04-05T18:00:00+10:00", "2026-04-06T09:00:00+10:00"],
      ],
    ],
  ],
  [
    "Australia/Sydney",
    "2026-10-04",
    [
      [
        "day",
        "2026-10-02",
        [
          "2026-10-02T09:00:00+10:00",
          "2026-10-03T09:00:00+10:00",
          "2026-10-04T09:00:00+11:00",
          "2026-10-05T09:00:00+11:00",
        ],
      ],
      ["week", "2026-10-02", ["2026-10-02T09:00:00+10:00", "2026-10-09T09:00:00+11:00"]],
      [
        "weekdays",
        "2026-10-02",
        ["2026-10-02T09:00:00+10:00", "2026-10-05T09:00:00+11:00", "2026-10-06T09:00:00+11:00"],
      ],
      [
        "mon,thu",
        "2026-10-01",
        ["2026-10-01T09:00:00+10:00", "2026-10-05T09:00:00+11:00", "2026-10-08T09:00:00+11:00"],
      ],
      [
        "every 3 days",
        "2026-10-02",
        ["2026-10-02T09:00:00+10:00", "2026-10-05T09:00:00+11:00", "2026-10-08T09:00:00+11:00"],
      ],
      ["every 2 weeks", "2026-10-02", ["2026-10-02T09:00:00+10:00", "2026-10-16T09:00:00+11:00"]],
      [
        "2026-10-03, 2026-10-04T18:00, 2026-10-05",
        "2026-09-04",
        ["2026-10-03T09:00:00+10:00", "2026-10-04T18:00:00+11:00", "2026-10-05T09:00:00+11:00"],
      ],
    ],
  ],
];

describe.each(DST_TABLE)("in %s across the DST change of %s", (timezone, _change, rows) => {
  test.each(rows)("%j from %s keeps the local time", (every, start, expected) => {
    expect(releaseDates({ start, every, time: "09:00", timezone }, expected.length)).toEqual(
      expected,
    );
  });
});

describe("release dates", () => {
  test.each([
    [
      "Europe/Amsterdam",
      "02:30",
      "2027-03-27",
      ["2027-03-27T02:30:00+01:00", "2027-03-28T03:30:00+02:00", "2027-03-29T02:30:00+02:00"],
    ],
    [
      "America/New_York",
      "02:30",
      "2026-03-07",
      ["2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"],
    ],
    [
      "Australia/Sydney",
      "02:30",
      "2026-10-03",
      ["2026-10-03T02:30:00+10:00", "2026-10-04T03:30:00+11:00", "2026-10-05T02:30:00+11:00"],
    ],
  ])(
    "in %s, %s on the day it does not exist is read after the gap (RFC 5545 §3.3.5)",
    (timezone, time, start, expected) => {
      expect(releaseDates({ start, every: "day", time, timezone }, 3)).toEqual(expected);
    },
  );

  test.each([
    [
      "Europe/Amsterdam",
      "02:30",
      "2027-10-30",
      ["2027-10-30T02:30:00+02:00", "2027-10-31T02:30:00+02:00", "2027-11-01T02:30:00+01:00"],
    ],
    [
      "America/New_York",
      "01:30",
      "2026-10-31",
      ["2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"],
    ],
    [
      "Australia/Sydney",
      "02:30",
      "2026-04-04",
      ["2026-04-04T02:30:00+11:00", "2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00"],
    ],
  ])(
    "in %s, %s on the day it happens twice is the first time (RFC 5545 §3.3.5)",
    (timezone, time, start, expected) => {
      expect(releaseDates({ start, every: "day", time, timezone }, 3)).toEqual(expected);
    },
  );

  test("daily at 09:00 in New York keeps 09:00 across the March DST change", () => {
    expect(
      releaseDates(
        { start: "2025-03-08", every: "day", time: "09:00", timezone: "America/New_York" },
        3,
      ),
    ).toEqual([
      "2025-03-08T09:00:00-05:00",
      "2025-03-09T09:00:00-04:00",
      "2025-03-10T09:00:00-04:00",
    ]);
  });

  test("weekly in Amsterdam keeps 09:00 across the October DST change", () => {
    expect(
      releaseDates(
        { start: "2026-10-20", every: "week", time: "09:00", timezone: "Europe/Amsterdam" },
        2,
      ),
    ).toEqual(["2026-10-20T09:00:00+02:00", "2026-10-27T09:00:00+01:00"]);
  });

  test("every 2 weeks in Sydney (southern hemisphere) keeps 18:30 across the April change", () => {
    expect(
      releaseDates(
        { start: "2026-03-31", every: "2 weeks", time: "18:30", timezone: "Australia/Sydney" },
        2,
      ),
    ).toEqual(["2026-03-31T18:30:00+11:00", "2026-04-14T18:30:00+10:00"]);
  });

  test("with after, releases at or before that instant are left out", () => {
    const week = {
      start: "2027-03-02",
      every: "week",
      time: "09:00",
      timezone: "Europe/Amsterdam",
    };
    expect(releaseDates(week, 2, { after: "2027-03-09T08:00:00Z" })).toEqual([
      "2027-03-16T09:00:00+01:00",
      "2027-03-23T09:00:00+01:00",
    ]);
    expect(releaseDates(week, 1, { after: "2027-03-09T07:59:59Z" })).toEqual([
      "2027-03-09T09:00:00+01:00",
    ]);
  });

  test("09:15 Europe/Berlin on 2020-05-04 is 07:15Z", () => {
    const [iso] = releaseDates(
      { start: "2020-05-04", every: "day", time: "09:15", timezone: "Europe/Berlin" },
      1,
    );
    expect(iso).toBe("2020-05-04T09:15:00+02:00");
    expect(new Date(iso!).toISOString()).toBe("2020-05-04T07:15:00.000Z");
  });

  test.each([
    [
      { timezone: "Mars/Olympus" },
      'time zone "Mars/Olympus" is not an IANA zone name; use one like Europe/Amsterdam, Africa/Nairobi or UTC.',
    ],
    [
      { time: "25:00" },
      'publish time "25:00" is not a time; use HH:MM on a 24-hour clock, e.g. 09:00.',
    ],
    [
      { start: "next tuesday" },
      'start date "next tuesday" is not a date; use YYYY-MM-DD, e.g. 2027-03-02.',
    ],
    [
      { start: "2027-02-30" },
      'start date "2027-02-30" is not a date; use YYYY-MM-DD, e.g. 2027-03-02.',
    ],
  ])("bad setting %j is refused by name", (bad, message) => {
    const base = { start: "2027-01-05", every: "week", time: "09:00", timezone: "UTC" };
    expect(() => releaseDates({ ...base, ...bad }, 1)).toThrow(new SettingError(message));
  });
});

describe("release gate", () => {
  test("a part is released at its instant, not before", () => {
    const now = new Date("2020-05-04T07:15:00Z");
    expect(isReleased("2020-05-04T09:15:00+02:00", now)).toBe(true);
    expect(isReleased("2020-05-04T09:15:01+02:00", now)).toBe(false);
  });

  test("SERIAL_NOW overrides the clock", () => {
    expect(currentTime({ SERIAL_NOW: "2027-03-01T10:00:00+01:00" }).toISOString()).toBe(
      "2027-03-01T09:00:00.000Z",
    );
  });

  test("a SERIAL_NOW that is not a timestamp is refused", () => {
    expect(() => currentTime({ SERIAL_NOW: "tomorrow" })).toThrow(
      new SettingError(
        'SERIAL_NOW="tomorrow" is not an ISO 8601 timestamp; use e.g. SERIAL_NOW=2027-03-01T10:00:00+01:00.',
      ),
    );
  });
});
