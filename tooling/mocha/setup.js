// Loaded by every package's .mocharc.json: assertion plugins shared by all suites.
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';

chai.use(chaiAsPromised);
