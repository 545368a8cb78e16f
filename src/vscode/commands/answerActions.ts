import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/**
 * The actions of an AI answer, in its view's title bar and in the command palette: each acts on
 * the answer view it is invoked from (the editor passes its URI), else on the last answer.
 * The module doing the work is loaded on first use, like the rest of the AI flow.
 */
export const copyAnswer: CommandModule = { id: Commands.copyAnswer, run: async (container, uri) => (await container.aiFeature()).copyAnswer(uri) };
export const insertAnswer: CommandModule = { id: Commands.insertAnswer, run: async (container, uri) => (await container.aiFeature()).insertAnswer(uri) };
export const applyAnswer: CommandModule = { id: Commands.applyAnswer, run: async (container, uri) => (await container.aiFeature()).applyAnswer(uri) };
export const rerunAnswer: CommandModule = { id: Commands.rerunAnswer, run: async (container, uri) => (await container.aiFeature()).rerunAnswer(uri) };
export const rateAnswer: CommandModule = { id: Commands.rateAnswer, run: async (container, uri) => (await container.aiFeature()).rateAnswer(uri) };
export const acceptProposal: CommandModule = { id: Commands.acceptProposal, run: async (container, uri) => (await container.aiFeature()).acceptProposal(uri) };
export const discardProposal: CommandModule = { id: Commands.discardProposal, run: async (container, uri) => (await container.aiFeature()).discardProposal(uri) };
