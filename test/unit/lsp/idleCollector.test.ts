import { describe, test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { idleCollector } from '../../../server/src/lsp/idleCollector';

describe('idleCollector', () => {
  test('collects once after a burst of work, when it has been quiet for the whole period', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let collected = 0;
      const idle = idleCollector(() => collected++, 1000);
      idle.touch();
      mock.timers.tick(600);
      idle.touch(); // still typing: the quiet period starts again
      mock.timers.tick(600);
      assert.equal(collected, 0);
      mock.timers.tick(400);
      assert.equal(collected, 1);
      mock.timers.tick(5000);
      assert.equal(collected, 1, 'no work since: no second collection');
      idle.touch();
      mock.timers.tick(1000);
      assert.equal(collected, 2);
    } finally {
      mock.timers.reset();
    }
  });

  test('dispose cancels a pending collection', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let collected = 0;
      const idle = idleCollector(() => collected++, 1000);
      idle.touch();
      idle.dispose();
      mock.timers.tick(2000);
      assert.equal(collected, 0);
    } finally {
      mock.timers.reset();
    }
  });
});
