import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDb } from "../db/client";
import { authenticate, KNOWN_ADDRESS_MS, MAX_FAILURES_PER_EMAIL, signInLockOf } from "./authenticate";
import { createFirstOwner, listUsers, unlockSignIn } from "./manage-users";
import { SIGN_IN_ATTEMPT_RETENTION_MS } from "./prune-sign-in-attempts";

// A stranger's guesses must not lock the owner out (issue 20): the per-e-mail lock counts the
// failures of the user's known addresses apart from everyone else's, and an owner can unlock.

const db = createDb(inject("databaseUrl"), { max: 4 });
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.auditEvent.deleteMany();
  await db.signInAttempt.deleteMany();
  await db.user.deleteMany();
});

const owner = {
  name: "Olivia",
  email: "olivia@example.com",
  password: "plum tractor violin",
  confirmPassword: "plum tractor violin",
};
const HOME = "192.0.2.10";
const STRANGER = "198.51.100.66";

const attempt = (password: string, ip: string | null) =>
  authenticate(db, owner.email, password, ip).catch((error: unknown) => error);

/** A stranger guesses until refused; returns how many guesses had their password checked. */
async function hammer(ip: string, tries = 12): Promise<number> {
  let checked = 0;
  for (let i = 0; i < tries; i += 1) {
    const result = await attempt(`stranger guess ${i}`, ip);
    if (result === null) checked += 1;
    else expect(result).toMatchObject({ code: "RATE_LIMITED" });
  }
  return checked;
}

describe("a stranger guessing an owner's password", () => {
  it("cannot stop the owner signing in from their own address", async () => {
    await createFirstOwner(db, owner);
    expect(await attempt(owner.password, HOME)).toMatchObject({ email: owner.email });

    expect(await hammer(STRANGER)).toBe(MAX_FAILURES_PER_EMAIL);
    expect(await attempt(owner.password, STRANGER)).toMatchObject({ code: "RATE_LIMITED" });
    // The owner, from the address they signed in from before, gets in at once.
    expect(await attempt(owner.password, HOME)).toMatchObject({ email: owner.email });
    // ...and their own typos there still get a limit of their own.
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) expect(await attempt(`owner typo ${i}`, HOME)).toBeNull();
    expect(await attempt(owner.password, HOME)).toMatchObject({ code: "RATE_LIMITED" });
  });

  it("gets no more guesses by spreading over many addresses", async () => {
    await createFirstOwner(db, owner);
    expect(await attempt(owner.password, HOME)).toMatchObject({ email: owner.email });
    let checked = 0;
    for (let i = 0; i < 15; i += 1) checked += await hammer(`198.51.100.${i + 1}`, 1);
    expect(checked).toBe(MAX_FAILURES_PER_EMAIL);
  });

  it("is locked out from new addresses until an owner unlocks the account; the unlock is audited", async () => {
    const created = await createFirstOwner(db, owner);
    await hammer(STRANGER);
    // Never signed in from anywhere yet: every address is a new one, so the owner waits too...
    expect(await attempt(owner.password, "203.0.113.7")).toMatchObject({ code: "RATE_LIMITED" });
    expect(await signInLockOf(db, owner.email, null)).toEqual({ newAddresses: true, knownAddresses: 0 });
    expect((await listUsers(db))[0]).toMatchObject({ email: owner.email, locked: true });

    // ...unless another owner unlocks it (here, for the test, the owner themself as the actor).
    await unlockSignIn(db, { id: created.id, email: created.email }, created.id);
    expect((await listUsers(db))[0]).toMatchObject({ locked: false });
    expect(await attempt(owner.password, "203.0.113.7")).toMatchObject({ email: owner.email });
    const unlocked = await db.auditEvent.findMany({ where: { action: "user.unlocked" } });
    expect(unlocked).toHaveLength(1);
    expect(unlocked[0]).toMatchObject({
      actorEmail: owner.email,
      targetId: created.id,
      details: { email: owner.email },
    });
    // The failed attempts stay on record.
    expect(await db.signInAttempt.count({ where: { email: owner.email, succeeded: false } })).toBe(
      MAX_FAILURES_PER_EMAIL,
    );
  });

  it("an address the owner signed in from over 30 days ago is a new one again", async () => {
    // The worker keeps attempts long enough to know every address this looks back for.
    expect(KNOWN_ADDRESS_MS).toBeLessThanOrEqual(SIGN_IN_ATTEMPT_RETENTION_MS);
    await createFirstOwner(db, owner);
    await db.signInAttempt.create({
      data: {
        email: owner.email,
        ip: HOME,
        succeeded: true,
        createdAt: new Date(Date.now() - KNOWN_ADDRESS_MS - 60_000),
      },
    });
    await hammer(STRANGER);
    expect(await attempt(owner.password, HOME)).toMatchObject({ code: "RATE_LIMITED" });
  });

  it("a known address's own failures lock that address, and show the account as locked", async () => {
    await createFirstOwner(db, owner);
    expect(await attempt(owner.password, HOME)).toMatchObject({ email: owner.email });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) expect(await attempt(`typo ${i}`, HOME)).toBeNull();
    expect(await signInLockOf(db, owner.email, null)).toEqual({ newAddresses: false, knownAddresses: 1 });
    expect((await listUsers(db))[0]).toMatchObject({ locked: true });
  });
});
