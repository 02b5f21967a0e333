import { describe, expect, test } from "@jest/globals";
import { parseCadence, releaseDates } from "../src/schedule/cadence.js";
import { currentTime, isReleased } from "../src/schedule/gate.js";
import { SettingError } from "../src/errors.js";

describe("cadence", () => {
  test.each([
    ["day", { unit: "days", count: 1 }],
    ["daily", { unit: "days", count: 1 }],
    ["week", { unit: "weeks", count: 1 }],
    ["3 days", { unit: "days", count: 3 }],
    ["every 2 weeks", { unit: "weeks", count: 2 }],
  ])("%j parses", (text, cadence) => {
    expect(parseCadence(text)).toEqual(cadence);
  });

  test.each(["fortnightly", "0 days", "-1 weeks", ""])(
    "%j is refused with the accepted forms",
    (text) => {
      expect(() => parseCadence(text)).toThrow(
        new SettingError(
          `cadence "${text}" is not understood; use \`day\`, \`daily\`, \`week\`, \`weekly\`, \`N days\` or \`N weeks\` (e.g. \`2 weeks\`).`,
        ),
      );
    },
  );
});

describe("release dates", () => {
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
