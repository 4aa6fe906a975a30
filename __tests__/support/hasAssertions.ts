// Every test must assert something: a test whose expectations never run fails (jest.config.js).
import { beforeEach, expect } from '@jest/globals'

beforeEach(() => {
  expect.hasAssertions()
})
