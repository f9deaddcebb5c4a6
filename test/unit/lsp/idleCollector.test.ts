import { describe, test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { idleCollector } from '../../../server/src/lsp/idleCollector';

describe('idleCollector', () => {
  test('after a burst of work, collects at each quiet time, once per burst', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let collected = 0;
      const idle = idleCollector(() => collected++, [1000, 6000]);
      idle.touch();
      mock.timers.tick(600);
      idle.touch(); // still typing: the quiet period starts again
      mock.timers.tick(600);
      assert.equal(collected, 0);
      mock.timers.tick(400);
      assert.equal(collected, 1, 'first collection after 1 s quiet');
      mock.timers.tick(5000);
      assert.equal(collected, 2, 'second after 6 s quiet');
      mock.timers.tick(60_000);
      assert.equal(collected, 2, 'no work since: nothing more');
      idle.touch();
      mock.timers.tick(1000);
      idle.touch(); // work between the two collections cancels the second one and starts over
      mock.timers.tick(5999);
      assert.equal(collected, 4);
      mock.timers.tick(1);
      assert.equal(collected, 5);
    } finally {
      mock.timers.reset();
    }
  });

  test('dispose cancels pending collections', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let collected = 0;
      const idle = idleCollector(() => collected++, [1000, 6000]);
      idle.touch();
      idle.dispose();
      mock.timers.tick(10_000);
      assert.equal(collected, 0);
    } finally {
      mock.timers.reset();
    }
  });
});
